import type { Button, KnownBlock } from '@slack/types';
import type { Locale } from '../../../domain/playbook.ts';
import { isReportOpen, type ReportStatus } from '../../../domain/report-lifecycle.ts';
import { statusNames } from '../../../i18n/messages.ts';
import { slackText, type SlackMessageKey } from '../../../i18n/slack-messages.ts';
import { ACTION_IDS, encodeActionValue, type ActionId } from '../action-ids.ts';
import type { SlackMessageContent } from './incident-card.ts';
import { LIMITS, cut, escapeMrkdwn, person } from './mrkdwn.ts';

/**
 * A report as posted in the triage channel: what was reported, where from, its status, and while
 * it is open the buttons "start quick investigation" (assigns the clicker), "declare" and
 * "dismiss as improvement ticket". Edited in place as the report moves on.
 */
export interface ReportMessageInput {
  report: {
    id: string;
    number: number;
    title: string;
    description: string;
    source: string;
    status: ReportStatus;
    dismissReason: string | null;
  };
  assignee: { name: string; slackUserId: string | null } | undefined;
  locale: Locale;
  url: string;
}

const sourceNames: Record<string, { ja: string; en: string }> = {
  monitoring: { ja: 'モニタリング', en: 'monitoring' },
  inquiry: { ja: 'ユーザー問い合わせ', en: 'user inquiry' },
  internal: { ja: '社内', en: 'internal' },
};

export function renderReportMessage(input: ReportMessageInput): SlackMessageContent {
  const { report, locale } = input;
  const main = slackText(locale, 'reportPosted', {
    number: report.number,
    title: escapeMrkdwn(report.title),
    description: escapeMrkdwn(report.description || '-'),
    source: sourceNames[report.source]?.[locale] ?? report.source,
    status: statusNames[report.status]?.[locale] ?? report.status,
  });
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: cut(main, LIMITS.sectionText) } }];
  const context: string[] = [];
  if (input.assignee) context.push(slackText(locale, 'reportAssignee', { assignee: person(input.assignee, '') }));
  if (report.status === 'declared') context.push(slackText(locale, 'reportDeclared'));
  if (report.status === 'dismissed') context.push(slackText(locale, 'reportDismissed', { reason: escapeMrkdwn(report.dismissReason ?? '-') }));
  context.push(`<${input.url}|${slackText(locale, 'openInWeb')}>`);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(context.join(' · '), LIMITS.sectionText) }] });
  if (isReportOpen(report.status)) {
    const value = encodeActionValue({ reportId: report.id });
    const button = (actionId: ActionId, label: SlackMessageKey, style?: 'primary' | 'danger'): Button => ({
      type: 'button',
      action_id: actionId,
      text: { type: 'plain_text', text: cut(slackText(locale, label), LIMITS.buttonText), emoji: true },
      value,
      ...(style ? { style } : {}),
    });
    const elements: Button[] = [];
    if (report.status === 'reported') elements.push(button(ACTION_IDS.claimReport, 'claimReport', 'primary'));
    elements.push(button(ACTION_IDS.declareFromReport, 'declareFromReport', 'danger'));
    elements.push(button(ACTION_IDS.dismissReport, 'dismissReport'));
    blocks.push({ type: 'actions', block_id: 'hikeshi:report:actions', elements });
  }
  const text = cut(`#${report.number} ${report.title}`, LIMITS.fallbackText);
  return { text, blocks };
}
