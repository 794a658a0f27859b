import type { SlackDelivery } from './context.ts';

/** Where the incident's `slack.open_channel` stands: not asked for, being done, done, or given up. */
export async function openChannelState(
  delivery: SlackDelivery,
  incidentId: string,
): Promise<'none' | 'pending' | 'done' | 'failed'> {
  const rows = await delivery.app.db
    .selectFrom('outbox')
    .select('status')
    .where('incident_id', '=', incidentId)
    .where('topic', '=', 'slack.open_channel')
    .execute();
  if (rows.some((r) => r.status === 'pending')) return 'pending';
  if (rows.some((r) => r.status === 'done')) return 'done';
  if (rows.some((r) => r.status === 'failed')) return 'failed';
  return 'none';
}
