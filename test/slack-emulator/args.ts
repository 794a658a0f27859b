/**
 * Reading Web API arguments the way Slack does: a form or query string gives strings (with
 * JSON-valued fields such as `blocks` as JSON text), a JSON body gives native values.
 */

/** Arguments of one call: strings from a form or query, any JSON value from a JSON body. */
export type SlackArgs = Record<string, unknown>;

/** The body of a Web API answer. */
export interface SlackBody {
  ok: boolean;
  [key: string]: unknown;
}

/** `{ ok: true, ...fields }`. */
export function ok(fields: Record<string, unknown> = {}): SlackBody {
  return { ok: true, ...fields };
}

/** `{ ok: false, error, ...fields }`. */
export function fail(error: string, fields: Record<string, unknown> = {}): SlackBody {
  return { ok: false, error, ...fields };
}

/** A string argument; numbers are read as their decimal text; anything else counts as absent. */
export function str(args: SlackArgs, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A string argument that is present and not empty. */
export function nonEmpty(args: SlackArgs, key: string): string | undefined {
  const value = str(args, key);
  return value === undefined || value === '' ? undefined : value;
}

/** A boolean argument: `true`, `"true"` and `"1"` are true; anything else is false. */
export function bool(args: SlackArgs, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

export type JsonArg = { kind: 'absent' } | { kind: 'invalid' } | { kind: 'value'; value: unknown };

/** A JSON-valued argument (`blocks`, `view`, …): JSON text in a form, a native value in JSON. */
export function jsonArg(args: SlackArgs, key: string): JsonArg {
  const raw = args[key];
  if (raw === undefined || raw === null || raw === '') return { kind: 'absent' };
  if (typeof raw !== 'string') return { kind: 'value', value: raw };
  try {
    return { kind: 'value', value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: 'invalid' };
  }
}

/** Whether `value` is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters (Unicode code points), as Slack's limits count them. */
export function charLength(text: string): number {
  return [...text].length;
}

/** A message timestamp as Slack writes them: digits, a dot, digits. */
export function isTimestamp(value: string): boolean {
  return /^\d+\.\d+$/.test(value);
}
