import type { Insertable } from 'kysely';
import { routeAlert, type RoutedAlert } from '../../domain/alert-routing.ts';
import { planAlert, type AlertAction, type AlertSourceKind, type IncomingAlert, type KnownAlert } from '../../domain/alerts.ts';
import type { AlertsTable } from '../../store/alerts-schema.ts';
import {
  acknowledgeAlert,
  countAccepted,
  insertAlerts,
  latestAlerts,
  lockAlertGroups,
  lowerReportsDetectedAt,
  resolveAlert,
  touchAlertGroups,
  touchAlerts,
} from '../../store/alerts.ts';
import type { UseCaseContext } from '../context.ts';
import { alertingPolicy } from './alerts-actor.ts';
import { placeGroup } from './place-group.ts';
import { signalResolves } from './signal-resolves.ts';

export interface IngestAlertsInput {
  source: { id: string; kind: AlertSourceKind };
  alerts: IncomingAlert[];
}

export interface IngestResult {
  opened: number;
  repeated: number;
  acknowledged: number;
  resolved: number;
  ignored: number;
  /** Reports opened by this delivery. */
  openedReports: string[];
}

/** A new alert of this delivery, until it is inserted with its placement. */
export interface PendingAlert {
  id: string;
  alert: IncomingAlert;
  routed: RoutedAlert;
  count: number;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
}

type Known = KnownAlert & { id: string; pending?: PendingAlert };

const RANK: Record<AlertAction, number> = { record: 0, report: 1, page: 2 };

/**
 * Takes one delivery of a monitoring tool, whole or not at all (one transaction): each alert is
 * deduplicated on its fingerprint (a repeat updates the open row's count and last seen; a resolve
 * closes it; a replay changes nothing); new alerts are routed by the playbook and grouped into
 * their group's active incident, open report or a new report.
 */
export async function ingestAlerts(ctx: UseCaseContext, input: IngestAlertsInput): Promise<IngestResult> {
  const policy = alertingPolicy(ctx);
  // Counting the delivery first locks the source's row: deliveries of one source run one after the
  // other, so each sees what the previous one stored (no duplicate open rows, no lost repeats).
  await countAccepted(ctx.tx, input.source.id, ctx.now);
  const latest = await latestAlerts(ctx.tx, input.source.id, input.alerts.map((a) => a.fingerprint));
  const known = new Map<string, Known>();
  for (const [fingerprint, row] of latest) known.set(fingerprint, { id: row.id, status: row.status, startsAt: row.starts_at });
  const result: IngestResult = { opened: 0, repeated: 0, acknowledged: 0, resolved: 0, ignored: 0, openedReports: [] };
  const pending: PendingAlert[] = [];
  const repeats = new Map<string, number>();
  const resolves: { id: string; at: Date; title: string }[] = [];
  const acks: string[] = [];

  for (const alert of input.alerts) {
    const current = known.get(alert.fingerprint);
    const plan = planAlert(current, alert);
    switch (plan.kind) {
      case 'open': {
        const entry: PendingAlert = {
          id: ctx.newId(),
          alert,
          routed: routeAlert(policy, input.source.kind, alert.labels),
          count: 1,
          resolvedAt: null,
          acknowledgedAt: null,
        };
        pending.push(entry);
        known.set(alert.fingerprint, { id: entry.id, status: 'firing', startsAt: alert.startsAt, pending: entry });
        result.opened += 1;
        break;
      }
      case 'repeat':
        if (current?.pending) current.pending.count += 1;
        else if (current) repeats.set(current.id, (repeats.get(current.id) ?? 0) + 1);
        result.repeated += 1;
        break;
      case 'acknowledge':
        if (current?.pending) current.pending.acknowledgedAt = ctx.now;
        else if (current) acks.push(current.id);
        result.acknowledged += 1;
        break;
      case 'resolve': {
        const at = alert.endsAt && alert.endsAt <= ctx.now ? alert.endsAt : ctx.now;
        if (current?.pending) current.pending.resolvedAt = at;
        else if (current) resolves.push({ id: current.id, at, title: alert.title });
        if (current) known.set(alert.fingerprint, { ...current, status: 'resolved', pending: undefined });
        result.resolved += 1;
        break;
      }
      case 'ignore':
        result.ignored += 1;
        break;
    }
  }

  await touchAlerts(ctx.tx, repeats, ctx.now);
  for (const id of acks) await acknowledgeAlert(ctx.tx, id, ctx.now);
  for (const resolve of resolves) await resolveAlert(ctx.tx, resolve.id, resolve.at, ctx.now);

  const rows: Insertable<AlertsTable>[] = [];
  const groups = byGroup(pending);
  const locked = await lockAlertGroups(ctx.tx, ctx.workspaceId, groups.map(([key]) => key), ctx.now);
  const joined = new Map<string, Date>();
  for (const [groupKey, members] of groups) {
    const group = locked.get(groupKey);
    if (!group) throw new Error(`alert group ${groupKey} was not locked`);
    const action = members.map((m) => m.routed.action).reduce((a, b) => (RANK[a] >= RANK[b] ? a : b));
    const placed = await placeGroup(ctx, { policy, groupKey, group, members, action, sourceId: input.source.id });
    if (placed.openedReportId) result.openedReports.push(placed.openedReportId);
    else if (placed.reportId) {
      const earliest = members.map((m) => m.alert.startsAt).reduce((a, b) => (a < b ? a : b));
      joined.set(placed.reportId, earliest > ctx.now ? ctx.now : earliest);
    }
    for (const member of members) rows.push(alertRow(ctx, input.source.id, member, placed.reportId, placed.incidentId));
  }
  await touchAlertGroups(ctx.tx, ctx.workspaceId, groups.filter(([key]) => !locked.get(key)?.isNew).map(([key]) => key), ctx.now);
  await lowerReportsDetectedAt(ctx.tx, joined);
  await insertAlerts(ctx.tx, rows);
  await signalResolves(ctx, resolves);
  return result;
}

/** New alerts by group key, keys sorted so concurrent deliveries lock groups in one order. */
function byGroup(pending: readonly PendingAlert[]): [string, PendingAlert[]][] {
  const groups = new Map<string, PendingAlert[]>();
  for (const entry of pending) {
    const list = groups.get(entry.routed.groupKey) ?? [];
    list.push(entry);
    groups.set(entry.routed.groupKey, list);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function alertRow(
  ctx: UseCaseContext,
  sourceId: string,
  entry: PendingAlert,
  reportId: string | null,
  incidentId: string | null,
): Insertable<AlertsTable> {
  const { alert, routed } = entry;
  return {
    id: entry.id,
    workspace_id: ctx.workspaceId,
    source_id: sourceId,
    fingerprint: alert.fingerprint,
    status: entry.resolvedAt ? 'resolved' : 'firing',
    title: alert.title.slice(0, 1000),
    description: alert.description.slice(0, 4000),
    labels: JSON.stringify(alert.labels),
    service: routed.service,
    platform: routed.platform,
    severity: routed.severity,
    group_key: routed.groupKey,
    link: alert.link,
    starts_at: alert.startsAt,
    ends_at: entry.resolvedAt,
    first_seen_at: ctx.now,
    last_seen_at: ctx.now,
    acknowledged_at: entry.acknowledgedAt,
    resolved_at: entry.resolvedAt,
    count: entry.count,
    report_id: reportId,
    incident_id: incidentId,
  };
}
