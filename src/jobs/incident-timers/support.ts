import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PlaybookRegistry } from '../../app/context.ts';
import type { Locale, Playbook } from '../../domain/playbook.ts';
import { roleHolders } from '../../store/incident-queries.ts';
import { enqueueOutbox } from '../../store/outbox.ts';
import type { Database, IncidentRow } from '../../store/schema.ts';
import { findChannelOfIncident } from '../../store/slack-channels.ts';

/** What the incident timers need besides the job context. */
export interface TimerDeps {
  playbooks: PlaybookRegistry;
  publicUrl: string;
  newId?: () => string;
}

export const MINUTE = 60_000;

/** The incident, locked (effects of one incident are written in order: lock first, docs/jobs.md). */
export async function lockIncident(trx: Kysely<Database>, incidentId: string): Promise<IncidentRow | undefined> {
  return trx.selectFrom('incidents').selectAll().where('id', '=', incidentId).forUpdate().executeTakeFirst();
}

export interface TimerIncident {
  row: IncidentRow;
  playbook: Playbook;
  locale: Locale;
  /** `<@U…>` of the commander, their name, or '' when the role is free. */
  commander: string;
  channelId: string | undefined;
}

export async function loadTimerIncident(trx: Kysely<Database>, deps: TimerDeps, row: IncidentRow): Promise<TimerIncident> {
  const playbook = await deps.playbooks.byId(trx, row.playbook_version_id);
  const holders = (await roleHolders(trx, [row.id])).get(row.id) ?? [];
  const commander = holders.find((h) => h.role === 'commander');
  const channel = await findChannelOfIncident(trx, row.id);
  return {
    row,
    playbook,
    locale: playbook.workspace.defaultLocale,
    commander: commander ? (commander.slackUserId ? `<@${commander.slackUserId}>` : commander.name) : '',
    channelId: channel?.channel_id,
  };
}

/** Queues a Slack message (`slack.post_message`) to the incident's channel or a named channel. */
export async function queueMessage(
  trx: Kysely<Database>,
  deps: TimerDeps,
  input: { row: IncidentRow; key: string; text: string; channel?: string; at: Date },
): Promise<void> {
  await enqueueOutbox(trx, {
    id: (deps.newId ?? randomUUID)(),
    workspaceId: input.row.workspace_id,
    topic: 'slack.post_message',
    idempotencyKey: `slack.post_message:${input.row.id}:${input.key}`,
    incidentId: input.row.id,
    payload: { incidentId: input.row.id, text: input.text, ...(input.channel ? { channel: input.channel } : {}) },
    at: input.at,
  });
}

/** Queues a card refresh that renders even when the incident's version did not move (a timer ran out). */
export async function queueCardRefresh(trx: Kysely<Database>, deps: TimerDeps, row: IncidentRow, key: string, at: Date): Promise<void> {
  await enqueueOutbox(trx, {
    id: (deps.newId ?? randomUUID)(),
    workspaceId: row.workspace_id,
    topic: 'slack.refresh_card',
    idempotencyKey: `slack.refresh_card:${row.id}:${key}`,
    incidentId: row.id,
    payload: { incidentId: row.id, version: row.version, force: true },
    at,
  });
}

/**
 * True when this job was canceled (the status moved on) while it ran. Checked after locking the
 * incident, which the canceling change also locks: a canceled chain never schedules its next link.
 */
export async function wasCanceled(trx: Kysely<Database>, jobId: string): Promise<boolean> {
  const job = await trx.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirst();
  return job?.status === 'canceled';
}
