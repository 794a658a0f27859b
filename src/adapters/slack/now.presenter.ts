import type { HomeView as HomeTab, KnownBlock } from '@slack/types';
import type { HomeView } from '../../app/slack/home.ts';
import type { NowView } from '../../domain/now-view.ts';
import type { Locale } from '../../domain/playbook.ts';
import { statusNames } from '../../i18n/messages.ts';
import { translateBlocker } from '../../i18n/index.ts';
import type { IncidentRow } from '../../store/schema.ts';
import { ACTION_IDS, encodeActionValue } from './action-ids.ts';
import { slackText } from '../../i18n/slack-messages.ts';

/** The App Home's own button: opens the declare modal (handled in actions.ts). */
export const HOME_DECLARE = 'hikeshi:home_declare';

/** The now view as an ephemeral answer (`/incident status`) and the App Home tab. */

export function statusName(locale: Locale, status: string): string {
  return statusNames[status]?.[locale] ?? status;
}

function incidentUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/incidents/${id}`;
}

/** `/incident status`: where the incident is, each role's holder and open tasks, what blocks the next status. */
export function nowText(now: NowView & { row: IncidentRow }, locale: Locale, holders: Map<string, string | null>): string {
  const lines = [
    `*${slackText(locale, 'nowTitle', { number: now.row.number, title: now.row.title, status: statusName(locale, now.status) })}*`,
  ];
  if (now.next) lines.push(slackText(locale, 'nowNext', { next: statusName(locale, now.next) }));
  for (const role of now.roles) {
    const holder = role.holder ? (holders.get(role.holder) ?? role.holder) : slackText(locale, 'nowNoHolder');
    lines.push(`*${role.name[locale]}*: ${holder}`);
    for (const task of role.tasks) lines.push(`  • ${task.title[locale]}`);
  }
  if (now.blockers.length) {
    lines.push(`*${slackText(locale, 'nowBlockers')}*`);
    for (const blocker of now.blockers) lines.push(`• ${translateBlocker(locale, blocker)}`);
  }
  return lines.join('\n');
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } };
}

function link(publicUrl: string, row: { id: string; number: number; title: string }): string {
  const title = row.title.replace(/[<>|]/g, ' ');
  return `<${incidentUrl(publicUrl, row.id)}|#${row.number} ${title}>`;
}

/** The App Home: my roles and tasks, active incidents, reports awaiting a quick investigation. */
export function homeTab(view: HomeView, locale: Locale, publicUrl: string): HomeTab {
  const blocks: KnownBlock[] = [
    {
      type: 'actions',
      block_id: 'home_actions',
      elements: [
        { type: 'button', action_id: HOME_DECLARE, text: { type: 'plain_text', text: slackText(locale, 'declareTitle') }, style: 'danger', value: encodeActionValue({}) },
      ],
    },
    header(slackText(locale, 'homeMyRoles')),
  ];
  if (view.myRoles.length === 0) blocks.push(section(slackText(locale, 'homeNoRoles')));
  for (const held of view.myRoles.slice(0, 15)) {
    const tasks = held.tasks.map((t) => `• ${t.title[locale]}`).join('\n');
    blocks.push(section(`${link(publicUrl, { id: held.incidentId, number: held.number, title: held.title })} — ${held.severity ?? '-'} ${statusName(locale, held.status)} — *${held.role}*${tasks ? `\n${tasks}` : ''}`));
    const first = held.tasks[0];
    if (first) {
      blocks.push({
        type: 'actions',
        elements: held.tasks.slice(0, 5).map((t) => ({
          type: 'button',
          action_id: ACTION_IDS.completeTask,
          text: { type: 'plain_text', text: `✓ ${t.title[locale]}`.slice(0, 75) },
          value: encodeActionValue({ incidentId: held.incidentId, taskId: t.id }),
        })),
      });
    }
  }
  blocks.push({ type: 'divider' }, header(slackText(locale, 'homeActive')));
  if (view.active.length === 0) blocks.push(section(slackText(locale, 'homeNoActive')));
  for (const row of view.active.slice(0, 20)) {
    blocks.push(section(`${link(publicUrl, row)} — ${row.severity ?? '-'} ${statusName(locale, row.status)}`));
  }
  blocks.push({ type: 'divider' }, header(slackText(locale, 'homeReports')));
  if (view.awaitingReports.length === 0) blocks.push(section(slackText(locale, 'homeNoReports')));
  for (const report of view.awaitingReports.slice(0, 20)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `R-${report.number} ${report.title.replace(/[<>]/g, ' ')} — ${statusName(locale, report.status)}`.slice(0, 3000) },
      accessory: {
        type: 'button',
        action_id: ACTION_IDS.claimReport,
        text: { type: 'plain_text', text: slackText(locale, 'homeClaim') },
        value: encodeActionValue({ reportId: report.id }),
      },
    });
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
