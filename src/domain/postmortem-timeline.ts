import type { Locale } from './playbook.ts';

export interface TimelineItem {
  occurredAt: Date;
  type: string;
  data: Record<string, unknown>;
}

const LABELS: Record<
  string,
  { ja: (d: Record<string, unknown>) => string; en: (d: Record<string, unknown>) => string }
> = {
  'incident.declared': {
    ja: (d) => `インシデント宣言（${str(d['severity']) || '重大度未設定'}）: ${str(d['title'])}`,
    en: (d) => `Incident declared (${str(d['severity']) || 'no severity'}): ${str(d['title'])}`,
  },
  'incident.status_changed': {
    ja: (d) => `ステータス ${str(d['from'])} → ${str(d['to'])}${note(d)}`,
    en: (d) => `Status ${str(d['from'])} → ${str(d['to'])}${note(d)}`,
  },
  'incident.severity_changed': {
    ja: (d) => `重大度 ${str(d['from']) || '-'} → ${str(d['to'])}${note(d)}`,
    en: (d) => `Severity ${str(d['from']) || '-'} → ${str(d['to'])}${note(d)}`,
  },
  'incident.role_assigned': {
    ja: (d) => `${str(d['role'])} を割り当て`,
    en: (d) => `${str(d['role'])} assigned`,
  },
  'incident.release_recorded': {
    ja: (d) =>
      `${str(d['platform'])} ${d['kind'] === 'rollback' ? 'ロールバック' : 'リリース'}${note(d)}`,
    en: (d) =>
      `${str(d['platform'])} ${d['kind'] === 'rollback' ? 'rollback' : 'release'}${note(d)}`,
  },
  'incident.decision_recorded': {
    ja: (d) => `指揮官の判断: ${str(d['decision'])}`,
    en: (d) => `Commander's decision: ${str(d['decision'])}`,
  },
  'incident.note_added': {
    ja: (d) => `${isPinned(d) ? 'Slack（ピン留め）' : 'メモ'}: ${str(d['text'])}`,
    en: (d) => `${isPinned(d) ? 'Slack (pinned)' : 'Note'}: ${str(d['text'])}`,
  },
  'incident.milestone_corrected': {
    ja: (d) => `マイルストーン ${str(d['milestone'])} を ${str(d['to'])} に修正${reason(d)}`,
    en: (d) => `Milestone ${str(d['milestone'])} corrected to ${str(d['to'])}${reason(d)}`,
  },
  'incident.options_proposed': {
    ja: () => '調査担当者が対応案を提示',
    en: () => 'The investigator proposed options',
  },
  'incident.status_update_posted': {
    ja: (d) => `状況報告: ${str(d['text'])}`,
    en: (d) => `Status update: ${str(d['text'])}`,
  },
  'incident.company_announced': {
    ja: (d) => `全社告知: ${str(d['text'])}`,
    en: (d) => `Company-wide announcement: ${str(d['text'])}`,
  },
};

/** A note made from a Slack message (the pin reaction or the "add to timeline" shortcut). */
function isPinned(d: Record<string, unknown>): boolean {
  const source = d['source'];
  return typeof source === 'object' && source !== null && (source as Record<string, unknown>)['kind'] === 'slack';
}

function reason(d: Record<string, unknown>): string {
  const text = str(d['reason']);
  return text ? ` — ${text}` : '';
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function note(d: Record<string, unknown>): string {
  const text = str(d['note']);
  return text ? ` — ${text}` : '';
}

function formatTime(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** Timeline entry types the postmortem's timeline section is drafted from. */
export const POSTMORTEM_TIMELINE_TYPES: readonly string[] = Object.keys(LABELS);

/** The postmortem's timeline section, drafted from the incident's timeline (editable afterwards). */
export function draftTimeline(
  items: readonly TimelineItem[],
  locale: Locale,
  timezone: string,
): string {
  const lines = items
    .filter((item) => LABELS[item.type] !== undefined)
    .map((item) => {
      const label = LABELS[item.type];
      const text = label ? label[locale](item.data) : item.type;
      return `- ${formatTime(item.occurredAt, timezone)} ${text}`;
    });
  return lines.join('\n');
}
