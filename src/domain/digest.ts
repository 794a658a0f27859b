import type { ActionStatus } from './incident.ts';
import type { Locale } from './playbook.ts';

/**
 * The morning check's digest: open prevention actions grouped by owner, each owner's overdue
 * first, then those due today, then the other open ones. Pure: the job and the API build it
 * from the same rows.
 */

export interface DigestAction {
  id: string;
  title: string;
  status: ActionStatus;
  dueDate: string;
  priority: 'high' | 'medium' | 'low';
  owner: { id: string; name: string };
  incident: { id: string; number: number; title: string };
}

export interface DigestOwner {
  owner: { id: string; name: string };
  overdue: DigestAction[];
  dueToday: DigestAction[];
  open: DigestAction[];
}

export interface Digest {
  /** `YYYY-MM-DD` in the digest's time zone. */
  date: string;
  timezone: string;
  totals: { open: number; dueToday: number; overdue: number };
  owners: DigestOwner[];
}

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Builds the digest of still-open actions (`open` or `in_progress`) for `today`. */
export function buildDigest(actions: readonly DigestAction[], today: string, timezone: string): Digest {
  const byOwner = new Map<string, DigestOwner>();
  const order = [...actions]
    .filter((a) => a.status === 'open' || a.status === 'in_progress')
    .sort(
      (a, b) =>
        a.dueDate.localeCompare(b.dueDate) ||
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        a.incident.number - b.incident.number ||
        a.id.localeCompare(b.id),
    );
  const totals = { open: 0, dueToday: 0, overdue: 0 };
  for (const action of order) {
    let group = byOwner.get(action.owner.id);
    if (!group) {
      group = { owner: action.owner, overdue: [], dueToday: [], open: [] };
      byOwner.set(action.owner.id, group);
    }
    if (action.dueDate < today) {
      group.overdue.push(action);
      totals.overdue += 1;
    } else if (action.dueDate === today) {
      group.dueToday.push(action);
      totals.dueToday += 1;
    } else {
      group.open.push(action);
      totals.open += 1;
    }
  }
  const owners = [...byOwner.values()].sort(
    (a, b) =>
      b.overdue.length - a.overdue.length ||
      b.dueToday.length - a.dueToday.length ||
      a.owner.name.localeCompare(b.owner.name) ||
      a.owner.id.localeCompare(b.owner.id),
  );
  return { date: today, timezone, totals, owners };
}

/** One line of the digest as the Slack message lists it with its buttons, in the digest's order. */
export interface DigestLine {
  id: string;
  title: string;
  incidentNumber: number;
  owner: string;
  dueDate: string;
}

/** Every open action of the digest as a line, overdue first (each owner's, in the digest's order). */
export function digestLines(digest: Digest): DigestLine[] {
  return digest.owners.flatMap((g) =>
    [...g.overdue, ...g.dueToday, ...g.open].map((a) => ({
      id: a.id,
      title: a.title,
      incidentNumber: a.incident.number,
      owner: g.owner.name,
      dueDate: a.dueDate,
    })),
  );
}

const WORDS = {
  heading: { ja: '☀️ 朝の再発防止策チェック', en: '☀️ Morning check of prevention actions' },
  summary: {
    ja: (t: Digest['totals']) => `期限切れ ${t.overdue} 件・今日が期限 ${t.dueToday} 件・その他未完了 ${t.open} 件`,
    en: (t: Digest['totals']) => `${t.overdue} overdue · ${t.dueToday} due today · ${t.open} other open`,
  },
  none: { ja: '未完了の再発防止策はありません。', en: 'No prevention action is open.' },
  overdue: { ja: '期限切れ', en: 'Overdue' },
  dueToday: { ja: '今日が期限', en: 'Due today' },
  open: { ja: '未完了', en: 'Open' },
  due: { ja: '期限', en: 'due' },
} as const;

/** The digest as a Slack message (mrkdwn), in one language. */
export function digestText(digest: Digest, locale: Locale, actionUrl: (id: string) => string): string {
  const lines = [`*${WORDS.heading[locale]}* (${digest.date})`, WORDS.summary[locale](digest.totals)];
  if (digest.owners.length === 0) return [...lines, WORDS.none[locale]].join('\n');
  for (const group of digest.owners) {
    lines.push('', `*${escapeMrkdwn(group.owner.name)}*`);
    for (const [key, list] of [
      ['overdue', group.overdue],
      ['dueToday', group.dueToday],
      ['open', group.open],
    ] as const) {
      for (const a of list) {
        lines.push(
          `• [${WORDS[key][locale]}] <${actionUrl(a.id)}|${escapeMrkdwn(a.title)}> — #${a.incident.number} (${WORDS.due[locale]} ${a.dueDate})`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** Slack's mrkdwn control characters (&, <, >) escaped as Slack documents. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
