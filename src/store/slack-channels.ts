import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.ts';
import type { SlackChannelsTable, SlackMessagesTable } from './slack-schema.ts';
import './slack-schema.ts';
import './slack-delivery-schema.ts';

export type SlackChannelRow = Selectable<SlackChannelsTable>;
export type SlackMessageRow = Selectable<SlackMessagesTable>;

/** The incident's dedicated channel, if it was created. */
export async function findChannelOfIncident(
  db: Kysely<Database>,
  incidentId: string,
): Promise<SlackChannelRow | undefined> {
  return db
    .selectFrom('slack_channels')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
}

/** The incident a Slack channel belongs to (slash commands, reactions and buttons in it). */
export async function findIncidentIdByChannel(
  db: Kysely<Database>,
  workspaceId: string,
  channelId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('slack_channels')
    .select('incident_id')
    .where('workspace_id', '=', workspaceId)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row?.incident_id;
}

/** Records the channel right after Slack created it; a second save for the incident keeps the first. */
export async function saveChannel(
  db: Kysely<Database>,
  row: Pick<
    SlackChannelRow,
    'incident_id' | 'workspace_id' | 'channel_id' | 'channel_name' | 'is_private' | 'created_at'
  >,
): Promise<SlackChannelRow> {
  await db
    .insertInto('slack_channels')
    .values(row)
    .onConflict((oc) => oc.column('incident_id').doNothing())
    .execute();
  const saved = await findChannelOfIncident(db, row.incident_id);
  if (!saved) throw new Error(`slack channel of incident ${row.incident_id} was not saved`);
  return saved;
}

/** Records the posted card; its version only moves forward. */
export async function saveCard(
  db: Kysely<Database>,
  incidentId: string,
  ts: string,
  version: number,
): Promise<void> {
  await db
    .updateTable('slack_channels')
    .set({ card_ts: ts, card_version: version })
    .where('incident_id', '=', incidentId)
    .where((eb) => eb.or([eb('card_version', 'is', null), eb('card_version', '<=', version)]))
    .execute();
}

export async function markChannelArchived(
  db: Kysely<Database>,
  incidentId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('slack_channels')
    .set({ archived_at: at })
    .where('incident_id', '=', incidentId)
    .execute();
}

export async function findSlackMessage(
  db: Kysely<Database>,
  workspaceId: string,
  purpose: string,
): Promise<SlackMessageRow | undefined> {
  return db
    .selectFrom('slack_messages')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Records a posted message by purpose; the first one recorded wins. */
export async function saveSlackMessage(
  db: Kysely<Database>,
  row: SlackMessageRow,
): Promise<SlackMessageRow> {
  await db
    .insertInto('slack_messages')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'purpose']).doNothing())
    .execute();
  return (await findSlackMessage(db, row.workspace_id, row.purpose)) ?? row;
}

// ---- delivery bookkeeping (migration 004-slack-delivery) ----

/**
 * Records that hikeshi is about to ask Slack for a channel named `name` for this incident. Written
 * before conversations.create, so a channel Slack made for a request whose answer was lost (the
 * process died) is recognised as ours on the next attempt.
 */
export async function recordChannelAttempt(
  db: Kysely<Database>,
  row: { incident_id: string; name: string; is_private: boolean; tried_at: Date },
): Promise<void> {
  await db
    .insertInto('slack_channel_attempts')
    .values(row)
    .onConflict((oc) => oc.columns(['incident_id', 'name']).doNothing())
    .execute();
}

/** The names hikeshi asked Slack to create for the incident, oldest first. */
export async function channelAttempts(db: Kysely<Database>, incidentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('slack_channel_attempts')
    .select('name')
    .where('incident_id', '=', incidentId)
    .orderBy('tried_at')
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

/** The incident whose saved channel has this id (another incident's channel is never adopted). */
export async function incidentOfChannelId(
  db: Kysely<Database>,
  channelId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('slack_channels')
    .select('incident_id')
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row?.incident_id;
}

export type ChannelStep = 'topic_set_at' | 'invited_at' | 'card_pinned_at';

/** Marks a step of setting up the channel as done. */
export async function markChannelStep(
  db: Kysely<Database>,
  incidentId: string,
  step: ChannelStep,
  at: Date,
): Promise<void> {
  await db
    .updateTable('slack_channels')
    .set({ [step]: at })
    .where('incident_id', '=', incidentId)
    .execute();
}

export async function saveBookmark(
  db: Kysely<Database>,
  incidentId: string,
  bookmarkId: string,
): Promise<void> {
  await db
    .updateTable('slack_channels')
    .set({ bookmark_id: bookmarkId })
    .where('incident_id', '=', incidentId)
    .execute();
}

/** Updates the ts of a kept message (e.g. after it was re-posted because Slack lost it). */
export async function replaceSlackMessage(
  db: Kysely<Database>,
  row: SlackMessageRow,
): Promise<void> {
  await db
    .updateTable('slack_messages')
    .set({ channel_id: row.channel_id, ts: row.ts })
    .where('workspace_id', '=', row.workspace_id)
    .where('purpose', '=', row.purpose)
    .execute();
}
