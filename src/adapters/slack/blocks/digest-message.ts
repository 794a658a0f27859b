import type { KnownBlock } from '@slack/types';
import type { DigestLine } from '../../../domain/digest.ts';
import type { Locale } from '../../../domain/playbook.ts';
import { slackText } from '../../../i18n/slack-messages.ts';
import { ACTION_IDS, encodeActionValue } from '../action-ids.ts';
import { LIMITS, cut, escapeMrkdwn } from './mrkdwn.ts';

/**
 * The morning digest as Block Kit: its heading and totals, then per action a line and its
 * "Done…" / "Defer…" buttons (two blocks each). Slack takes at most 50 blocks per message
 * (https://docs.slack.dev/reference/block-kit/blocks), so at most DIGEST_BUTTON_LIMIT actions get
 * buttons; the others are counted in a last block linking to the web.
 */
export const DIGEST_BUTTON_LIMIT = 20;

/** One line of the digest with buttons (the job sends these in the digest's order). */
export type DigestButtonLine = DigestLine;

export interface DigestButtons {
  locale: Locale;
  /** The first actions of the digest, in its order (overdue first). */
  actions: DigestButtonLine[];
  /** How many open actions the digest lists in all. */
  total: number;
}

/** `text` is the digest's text (its first two lines are the heading and the totals). */
export function digestBlocks(text: string, digest: DigestButtons, publicUrl: string): KnownBlock[] {
  const { locale } = digest;
  const shown = digest.actions.slice(0, DIGEST_BUTTON_LIMIT);
  const heading = shown.length === 0 ? text : text.split('\n').slice(0, 2).join('\n');
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: cut(heading, LIMITS.sectionText) } }];
  for (const action of shown) {
    const line = `<${publicUrl}/actions/${action.id}|${escapeMrkdwn(action.title)}> — #${action.incidentNumber} · ${escapeMrkdwn(action.owner)} · ${action.dueDate}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(line, LIMITS.sectionText) } });
    const value = encodeActionValue({ actionId: action.id });
    blocks.push({
      type: 'actions',
      block_id: `digest_action:${action.id}`,
      elements: [
        { type: 'button', action_id: ACTION_IDS.completeAction, text: { type: 'plain_text', text: slackText(locale, 'digestDone') }, value },
        { type: 'button', action_id: ACTION_IDS.deferAction, text: { type: 'plain_text', text: slackText(locale, 'digestDefer') }, value },
      ],
    });
  }
  const rest = Math.max(digest.total, digest.actions.length) - shown.length;
  if (rest > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: slackText(locale, 'digestMore', { count: rest, url: `${publicUrl}/actions` }) }],
    });
  }
  return blocks;
}

/** A line of the morning's list settled since (done or deferred), as the refreshed digest shows it. */
export interface SettledDigestLine {
  title: string;
  incidentNumber: number;
  owner: string;
  status: 'done' | 'deferred';
  reason: string | null;
}

/** Settled lines shown at most (the rest are counted); they share one section of 3,000 characters. */
const SETTLED_LIMIT = 15;

/**
 * What a refresh adds under the open lines: the morning's actions settled since, struck out (so
 * a line that left the list is still accounted for in the meeting), and when it was refreshed.
 */
export function digestProgressBlocks(settled: readonly SettledDigestLine[], locale: Locale, updatedAt: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (settled.length > 0) {
    const lines = settled.slice(0, SETTLED_LIMIT).map((line) => settledLine(line, locale));
    if (settled.length > SETTLED_LIMIT) lines.push(slackText(locale, 'moreTasks', { count: settled.length - SETTLED_LIMIT }));
    const text = [slackText(locale, 'digestSettledHeading'), ...lines].join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(text, LIMITS.sectionText) } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackText(locale, 'digestUpdatedAt', { time: updatedAt }) }] });
  return blocks;
}

function settledLine(line: SettledDigestLine, locale: Locale): string {
  const common = { title: escapeMrkdwn(line.title), number: line.incidentNumber, owner: escapeMrkdwn(line.owner) };
  if (line.status === 'done') return slackText(locale, 'digestSettledDone', common);
  return slackText(locale, 'digestSettledDeferred', { ...common, reason: escapeMrkdwn(line.reason ?? '') });
}
