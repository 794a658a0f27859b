/**
 * What an edited playbook would change, as data a UI can render: a structured summary of the
 * rules teams change most (severities, roles, tasks per severity per role, platforms) and a diff
 * against the version in force. Pure: no I/O.
 */
import type { Playbook, Text } from './playbook.ts';

export interface SeverityPreview {
  id: string;
  name: Text;
  meaning: Text;
  examples: Text[];
  statusUpdateEveryMinutes: number;
  convergenceWatchMinutes: number;
  postmortemRequired: boolean;
  postmortemForm: 'full' | 'short';
}

export interface TaskPreview {
  key: string;
  status: string;
  title: Text;
}

export interface PlaybookPreview {
  severities: SeverityPreview[];
  roles: { id: string; name: Text }[];
  /** For each severity, for each role: the tasks an incident of that severity gets. */
  tasks: { severity: string; role: string; tasks: TaskPreview[] }[];
  platforms: { id: string; name: Text; canRollback: boolean; isStoreApp: boolean }[];
}

/** Ids added, removed, and changed (present in both, with different content). */
export interface IdDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface PlaybookDiff {
  /** True when nothing differs (the draft is the version in force, maybe reformatted). */
  same: boolean;
  severities: IdDiff;
  roles: IdDiff;
  tasks: IdDiff;
  platforms: IdDiff;
  /** Top-level blocks other than those above whose content differs, e.g. `channels`, `slack`. */
  otherBlocks: string[];
}

/** The structured summary of a playbook. */
export function previewPlaybook(playbook: Playbook): PlaybookPreview {
  return {
    severities: playbook.severities.map((s) => ({
      id: s.id,
      name: s.name,
      meaning: s.meaning,
      examples: s.examples,
      statusUpdateEveryMinutes: s.statusUpdateEveryMinutes,
      convergenceWatchMinutes: s.convergenceWatchMinutes,
      postmortemRequired: s.postmortem.required,
      postmortemForm: s.postmortem.form,
    })),
    roles: playbook.roles.map((r) => ({ id: r.id, name: r.name })),
    tasks: playbook.severities.flatMap((severity) =>
      playbook.roles.map((role) => ({
        severity: severity.id,
        role: role.id,
        tasks: playbook.tasks
          .filter((t) => t.role === role.id && (t.severities === undefined || t.severities.includes(severity.id)))
          .map((t) => ({ key: t.key, status: t.status, title: t.title })),
      })),
    ),
    platforms: playbook.platforms.map((p) => ({ id: p.id, name: p.name, canRollback: p.canRollback, isStoreApp: p.isStoreApp })),
  };
}

const LISTED_BLOCKS = new Set(['severities', 'roles', 'tasks', 'platforms']);

/** What `next` changes compared with `current`. */
export function diffPlaybooks(current: Playbook, next: Playbook): PlaybookDiff {
  const severities = diffById(current.severities, next.severities, (s) => s.id);
  const roles = diffById(current.roles, next.roles, (r) => r.id);
  const tasks = diffById(current.tasks, next.tasks, (t) => t.key);
  const platforms = diffById(current.platforms, next.platforms, (p) => p.id);
  const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
  const before = current as unknown as Record<string, unknown>;
  const after = next as unknown as Record<string, unknown>;
  const otherBlocks = [...keys].filter((key) => !LISTED_BLOCKS.has(key) && !sameValue(before[key], after[key])).sort();
  const lists = [severities, roles, tasks, platforms];
  const same = otherBlocks.length === 0 && lists.every((d) => d.added.length + d.removed.length + d.changed.length === 0);
  return { same, severities, roles, tasks, platforms, otherBlocks };
}

function diffById<T>(before: readonly T[], after: readonly T[], idOf: (item: T) => string): IdDiff {
  const old = new Map(before.map((item) => [idOf(item), item]));
  const now = new Map(after.map((item) => [idOf(item), item]));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && !sameValue(old.get(id), now.get(id))),
  };
}

/** Deep equality of JSON values, ignoring the order of object keys (and absent vs undefined). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    return [...keys].every((key) => sameValue(ra[key], rb[key]));
  }
  return false;
}
