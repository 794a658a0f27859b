import { InvalidArgumentError } from 'commander';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../domain/incident.ts';

/**
 * Parsers for option and argument values. Each throws commander's InvalidArgumentError, which
 * commander reports as "option '--x' argument 'y' is invalid. <reason>" and we exit 2.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAYBOOK_ID = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** An integer in [min, max]. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const trimmed = value.trim();
    if (!/^\d+$/.test(trimmed))
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    const n = Number(trimmed);
    if (n < min || n > max)
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** A non-empty text of at most `max` characters. */
export function text(max: number): (value: string) => string {
  return (value) => {
    const trimmed = value.trim();
    if (trimmed === '') throw new InvalidArgumentError('Must not be empty.');
    if (trimmed.length > max) throw new InvalidArgumentError(`At most ${max} characters.`);
    return trimmed;
  };
}

/** A user id (uuid). */
export function userId(value: string): string {
  const trimmed = value.trim();
  if (!UUID.test(trimmed))
    throw new InvalidArgumentError('Expected a user id (a uuid such as 0b6f…-…).');
  return trimmed.toLowerCase();
}

/** An incident id (uuid) or number; `#12` reads as 12. */
export function incidentRef(value: string): string {
  const trimmed = value.trim().replace(/^#/, '');
  if (UUID.test(trimmed)) return trimmed.toLowerCase();
  if (/^\d{1,9}$/.test(trimmed)) return String(Number(trimmed));
  throw new InvalidArgumentError('Expected an incident number (12 or #12) or id (uuid).');
}

/** A severity id of the playbook (SEV1, …); whether it exists is the server's to say. */
export function severityId(value: string): string {
  const trimmed = value.trim();
  if (!PLAYBOOK_ID.test(trimmed))
    throw new InvalidArgumentError('Expected a severity id such as SEV1, SEV2, SEV3.');
  return trimmed;
}

/** An incident status. */
export function incidentStatus(value: string): IncidentStatus {
  const trimmed = value.trim();
  if (!isIncidentStatus(trimmed))
    throw new InvalidArgumentError(`Expected one of: ${INCIDENT_STATUSES.join(', ')}.`);
  return trimmed;
}

export function isIncidentStatus(value: string): value is IncidentStatus {
  return (INCIDENT_STATUSES as readonly string[]).includes(value);
}

/** Splits `a,b, c` into ['a', 'b', 'c'], refusing empty items. */
export function commaList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new InvalidArgumentError('Expected a comma-separated list without empty items.');
  return items;
}

/** `--status active` or a comma list of statuses. */
export function statusFilter(value: string): string {
  const items = commaList(value);
  const bad = items.filter((s) => s !== 'active' && !isIncidentStatus(s));
  if (bad.length > 0) {
    throw new InvalidArgumentError(
      `Unknown status ${bad.map((s) => `'${s}'`).join(', ')}: use active or ${INCIDENT_STATUSES.join(', ')}.`,
    );
  }
  return items.join(',');
}

/** A comma list of severity ids. */
export function severityFilter(value: string): string {
  return commaList(value).map(severityId).join(',');
}

/** Platform ids, from `--platform web` (repeatable) or `--platforms web,ios`; collected. */
export function collectPlatforms(value: string, previous: string[] | undefined): string[] {
  const items = commaList(value);
  for (const item of items) {
    if (!PLAYBOOK_ID.test(item))
      throw new InvalidArgumentError(`'${item}' is not a platform id such as web, ios, android.`);
  }
  return [...new Set([...(previous ?? []), ...items])];
}

/** An email address. */
export function email(value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(trimmed))
    throw new InvalidArgumentError('Expected an email address.');
  return trimmed;
}
