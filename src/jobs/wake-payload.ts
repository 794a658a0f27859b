/**
 * Reading the payload of a work NOTIFY (migration 010): `{"topics": [...], "due": epoch ms}`
 * from the outbox, `{"names": [...], "due": epoch ms}` from jobs.
 */

interface Announced {
  kinds: string[];
  dueMs: number | null;
}

function read(payload: string): Announced | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { topics, names, due } = parsed as { topics?: unknown; names?: unknown; due?: unknown };
  const kinds = Array.isArray(topics) ? topics : Array.isArray(names) ? names : null;
  if (!kinds?.every((kind): kind is string => typeof kind === 'string')) return null;
  return { kinds, dueMs: typeof due === 'number' && Number.isFinite(due) ? due : null };
}

/**
 * How soon a worker handling `handled` should claim after this NOTIFY: null when none of the
 * announced rows is for it, else the ms until the earliest is due (0: now). A payload it cannot
 * read (a manual NOTIFY, an older trigger) means "look now".
 */
export function wakeDelayFor(handled: ReadonlySet<string>, payload: string, now: Date): number | null {
  const announced = read(payload);
  if (!announced) return 0;
  if (!announced.kinds.some((kind) => handled.has(kind))) return null;
  return announced.dueMs === null ? 0 : Math.max(0, announced.dueMs - now.getTime());
}
