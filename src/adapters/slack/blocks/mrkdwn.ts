/**
 * Small helpers for Slack message text: escaping, mentions, and cutting text to Block Kit's
 * limits (https://docs.slack.dev/reference/block-kit/blocks).
 */

/** Block Kit limits used by hikeshi's messages. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  /** chat.update refuses `text` over 4,000 characters (msg_too_long). */
  fallbackText: 4000,
} as const;

/** Escapes the three characters Slack's mrkdwn reserves ("Escaping text"). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` characters (code points), ending with an ellipsis when cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** A person as Slack shows them: a mention when their Slack id is known, else their name. */
export function person(holder: { name: string; slackUserId: string | null } | undefined, fallback: string): string {
  if (!holder) return fallback;
  return holder.slackUserId ? `<@${holder.slackUserId}>` : escapeMrkdwn(holder.name);
}

/** A link to a channel by id. */
export function channelLink(channelId: string | undefined, fallback: string): string {
  return channelId ? `<#${channelId}>` : fallback;
}
