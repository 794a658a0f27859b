/**
 * The name of an incident's Slack channel, from the playbook's `slack.channelNameTemplate`
 * (`inc-{number}-{slug}` by default).
 *
 * Slack's rules (conversations.create, "Naming"): "Channel names may only contain lowercase
 * letters, numbers, hyphens, and underscores, and must be 80 characters or less"; an empty name
 * is `invalid_name_required` and a name of nothing but `-`/`_` is `invalid_name_punctuation`.
 * Every name built here follows them, whatever the title's language or length.
 */

/** Slack's maximum channel name length, in characters. */
export const CHANNEL_NAME_MAX_LENGTH = 80;

export interface ChannelNameIncident {
  number: number;
  title: string;
  severity: string | null;
}

/** True when Slack accepts `name` as a channel name (conversations.create). */
export function isValidChannelName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= CHANNEL_NAME_MAX_LENGTH &&
    /^[a-z0-9_-]+$/.test(name) &&
    !/^[_-]+$/.test(name)
  );
}

/** Latin letters that have no decomposition to fold through NFD. */
const LATIN_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};

/** NFKC (full-width → ASCII), lower case, Latin diacritics removed. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøđðþłı]/g, (letter) => LATIN_FOLDS[letter] ?? letter);
}

/**
 * The title as lowercase ASCII words joined by single hyphens: anything that is not a-z or 0-9
 * (spaces, punctuation, Japanese, emoji) separates words. A title with no ASCII word gives ''.
 */
export function slugify(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Fixed text of the template: kept where Slack allows it, anything else a hyphen. */
function literal(text: string): string {
  return fold(text).replace(/[^a-z0-9_-]+/g, '-');
}

/** Collapses hyphen runs and trims hyphens at both ends. */
function tidy(name: string): string {
  return name.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

type Part = { kind: 'text'; text: string } | { kind: 'slug' };

/** The template split into its parts, with `{number}` and `{severity}` already filled in. */
function parts(template: string, incident: ChannelNameIncident): Part[] {
  const result: Part[] = [];
  for (const piece of template.split(/(\{(?:number|slug|severity)\})/)) {
    if (piece === '{slug}') result.push({ kind: 'slug' });
    else if (piece === '{number}') result.push({ kind: 'text', text: String(incident.number) });
    else if (piece === '{severity}')
      result.push({
        kind: 'text',
        text: incident.severity === null ? '' : slugify(incident.severity),
      });
    else result.push({ kind: 'text', text: literal(piece) });
  }
  return result;
}

function render(template: Part[], slug: string, suffix: string): string {
  return tidy(template.map((part) => (part.kind === 'slug' ? slug : part.text)).join('') + suffix);
}

/**
 * The channel name for an incident. Placeholders: `{number}` (required), `{slug}` (the title
 * as ASCII words), `{severity}` (lower case); other text of the template is kept where Slack
 * allows it. The slug is shortened so that the name fits in 80 characters — at a hyphen when a
 * word fits, otherwise inside its first word — and is dropped altogether if it must be; the
 * number and the rest of the template are never cut. `attempt` > 0, after Slack answered
 * `name_taken`, appends `-2`, `-3`, … (attempt + 1).
 *
 * Throws a plain Error (a programming or configuration mistake) when the template lacks
 * `{number}`, when the number is not a non-negative integer or the attempt not a non-negative
 * integer, or when the template without its slug is already too long for Slack.
 */
export function channelName(template: string, incident: ChannelNameIncident, attempt = 0): string {
  if (!template.includes('{number}'))
    throw new Error(`channel name template "${template}" must contain {number}`);
  if (!Number.isSafeInteger(incident.number) || incident.number < 0)
    throw new Error(`incident number ${incident.number} is not a non-negative integer`);
  if (!Number.isSafeInteger(attempt) || attempt < 0)
    throw new Error(`attempt ${attempt} is not a non-negative integer`);

  const layout = parts(template, incident);
  const suffix = attempt > 0 ? `-${attempt + 1}` : '';
  const fits = (slug: string): boolean =>
    render(layout, slug, suffix).length <= CHANNEL_NAME_MAX_LENGTH;

  const slug = slugify(incident.title);
  const name = render(layout, shorten(slug, fits), suffix);
  if (!isValidChannelName(name))
    throw new Error(`channel name template "${template}" cannot give a valid name ("${name}")`);
  return name;
}

/** The longest start of `slug` that fits: whole words when one fits, else a cut first word. */
function shorten(slug: string, fits: (slug: string) => boolean): string {
  if (fits(slug)) return slug;
  const words = slug.split('-');
  for (let count = words.length - 1; count > 0; count--) {
    const prefix = words.slice(0, count).join('-');
    if (fits(prefix)) return prefix;
  }
  for (let length = (words[0] ?? '').length - 1; length > 0; length--) {
    const cut = slug.slice(0, length);
    if (fits(cut)) return cut;
  }
  return '';
}
