import type { Blocker } from '../domain/blockers.ts';
import type { ErrorCode, ErrorParams } from '../domain/errors.ts';
import type { Locale, Text } from '../domain/playbook.ts';
import {
  blockerMessages,
  errorMessages,
  statusNames,
  transportMessages,
  validationReasons,
  whoNames,
  type TransportErrorCode,
} from './messages.ts';

export { TRANSPORT_ERROR_CODES, genericWhat, type TransportErrorCode } from './messages.ts';

/** Params whose values are status ids, shown by their localized name. */
const STATUS_PARAMS = new Set(['from', 'to', 'status']);

function statusName(locale: Locale, id: string): string {
  return statusNames[id]?.[locale] ?? id;
}

/** Fills `{name}` placeholders; a status id in from/to/status/allowed reads as its local name. */
export function fill(template: string, locale: Locale, params: ErrorParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    if (typeof value === 'string' && STATUS_PARAMS.has(name)) return statusName(locale, value);
    if (typeof value === 'string' && name === 'allowed' && value !== '-') {
      return value
        .split(', ')
        .map((id) => statusNames[id]?.[locale] ?? id)
        .join(', ');
    }
    return String(value);
  });
}

function pick(text: Text, locale: Locale): string {
  return text[locale];
}

const allErrorMessages: Record<ErrorCode | TransportErrorCode, Text> = { ...errorMessages, ...transportMessages };

/** The message of an error code in a locale, with its params filled in. */
export function translate(locale: Locale, code: ErrorCode | TransportErrorCode, params: ErrorParams = {}): string {
  return fill(pick(allErrorMessages[code], locale), locale, params);
}

/** Who can lift a blocker, as a phrase: `['investigator', 'commander']` → "The investigator or the commander". */
export function whoPhrase(locale: Locale, who: readonly string[]): string {
  const names = who.map((id) => whoNames[id]?.[locale] ?? id);
  if (locale === 'ja') return names.join('か');
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.slice(-1).join('').toLowerCase()}`;
}

/** The message of a blocker: what is missing and who can do it. */
export function translateBlocker(locale: Locale, blocker: Blocker): string {
  const params = { ...blocker.params, who: whoPhrase(locale, blocker.who) };
  return fill(pick(blockerMessages[blocker.code], locale), locale, params);
}

/** Why a field was refused, from a domain `validation_failed` reason code. */
export function translateReason(locale: Locale, reason: string): string {
  return validationReasons[reason]?.[locale] ?? reason;
}

/**
 * The locale to answer in: the user's own choice, else the best of ja/en in Accept-Language
 * (by q-value, then order), else the fallback.
 */
export function localeFrom(
  acceptLanguage: string | undefined,
  userLocale: Locale | null | undefined,
  fallback: Locale,
): Locale {
  if (userLocale) return userLocale;
  return fromAcceptLanguage(acceptLanguage) ?? fallback;
}

function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attributes] = part.trim().split(';');
      const q = attributes.map((a) => a.trim()).find((a) => a.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isNaN(quality) ? 0 : quality, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const entry of ranked) {
    if (entry.language === 'ja' || entry.language === 'en') return entry.language;
  }
  return undefined;
}
