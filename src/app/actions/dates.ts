import { DomainError } from '../../domain/errors.ts';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Refuses anything but a real calendar day written `YYYY-MM-DD` (2025-02-30 is refused). */
export function checkCalendarDate(field: string, value: string): void {
  const match = CALENDAR_DATE.exec(value);
  const date = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : null;
  if (!date || date.toISOString().slice(0, 10) !== value)
    throw new DomainError('validation_failed', { field });
}
