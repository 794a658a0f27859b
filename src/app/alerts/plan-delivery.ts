import { routeAlert, type AlertingPolicy, type RoutedAlert } from '../../domain/alert-routing.ts';
import { planAlert, type AlertAction, type AlertSourceKind, type IncomingAlert, type KnownAlert } from '../../domain/alerts.ts';
import { readIngestState, type AlertChange, type IngestWrite, type KnownAlertRow, type NewAlertRow } from '../../store/alert-ingest.ts';
import type { UseCaseContext } from '../context.ts';
import { alertingPolicy } from './alerts-actor.ts';
import { placeGroup, type PlacedGroup } from './place-group.ts';
import type { ResolvedAlert } from './signal-resolves.ts';

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

/** Everything one delivery will write, decided from one read (applyDelivery writes it). */
export interface DeliveryPlan {
  sourceId: string;
  /** The delivery's time: every row it writes carries this one. */
  now: Date;
  policy: AlertingPolicy;
  result: IngestResult;
  /** Groups that got new alerts, sorted by key, with where their alerts go. */
  groups: PlacedGroup[];
  /** Open alerts this delivery resolves, with the incident each relates to as read. */
  resolves: ResolvedAlert[];
  /** The last statement's rows: alerts, groups, counters. */
  write: IngestWrite;
}

type Known = KnownAlert & { id: string; row?: KnownAlertRow; pending?: PendingAlert };

const RANK: Record<AlertAction, number> = { record: 0, report: 1, page: 2 };

/**
 * Reads what a delivery's fingerprints and groups are now (one statement, no lock) and decides
 * everything it will write: each alert is deduplicated on its fingerprint (a repeat updates the
 * open row's count and last seen; a resolve closes it; a replay changes nothing); new alerts are
 * routed by the playbook and grouped into their group's active incident, open report or a new
 * report. Writes nothing: applyDelivery does, checking that what was read has not changed
 * (docs/alerts.md, "Concurrency").
 */
export async function planDelivery(ctx: UseCaseContext, input: IngestAlertsInput): Promise<DeliveryPlan> {
  const policy = alertingPolicy(ctx);
  const routes = new Map<IncomingAlert, RoutedAlert>();
  const routeOf = (alert: IncomingAlert): RoutedAlert => {
    const routed = routes.get(alert) ?? routeAlert(policy, input.source.kind, alert.labels);
    routes.set(alert, routed);
    return routed;
  };
  const state = await readIngestState(ctx.tx, {
    workspaceId: ctx.workspaceId,
    sourceId: input.source.id,
    fingerprints: input.alerts.map((a) => a.fingerprint),
    groupKeys: input.alerts.filter((a) => a.signal === 'firing').map((a) => routeOf(a).groupKey),
  });
  const known = new Map<string, Known>();
  for (const [fingerprint, row] of state.alerts) known.set(fingerprint, { id: row.id, status: row.status, startsAt: row.startsAt, row });
  const result: IngestResult = { opened: 0, repeated: 0, acknowledged: 0, resolved: 0, ignored: 0, openedReports: [] };
  const pending: PendingAlert[] = [];
  const changes = new Map<string, AlertChange>();
  const changeOf = (id: string): AlertChange => {
    const change = changes.get(id) ?? { id, repeats: 0, acknowledge: false, resolvedAt: null };
    changes.set(id, change);
    return change;
  };
  const resolves: ResolvedAlert[] = [];

  for (const alert of input.alerts) {
    const current = known.get(alert.fingerprint);
    const plan = planAlert(current, alert);
    switch (plan.kind) {
      case 'open': {
        const entry: PendingAlert = { id: ctx.newId(), alert, routed: routeOf(alert), count: 1, resolvedAt: null, acknowledgedAt: null };
        pending.push(entry);
        known.set(alert.fingerprint, { id: entry.id, status: 'firing', startsAt: alert.startsAt, pending: entry });
        result.opened += 1;
        break;
      }
      case 'repeat':
        if (current?.pending) current.pending.count += 1;
        else if (current) changeOf(current.id).repeats += 1;
        result.repeated += 1;
        break;
      case 'acknowledge':
        if (current?.pending) current.pending.acknowledgedAt = ctx.now;
        else if (current) changeOf(current.id).acknowledge = true;
        result.acknowledged += 1;
        break;
      case 'resolve': {
        const at = alert.endsAt && alert.endsAt <= ctx.now ? alert.endsAt : ctx.now;
        if (current?.pending) current.pending.resolvedAt = at;
        else if (current) {
          changeOf(current.id).resolvedAt = at;
          const incident = { incidentId: current.row?.incidentId ?? null, incidentStatus: current.row?.incidentStatus ?? null };
          resolves.push({ id: current.id, at, title: alert.title, ...incident });
        }
        if (current) known.set(alert.fingerprint, { ...current, status: 'resolved', pending: undefined });
        result.resolved += 1;
        break;
      }
      case 'ignore':
        result.ignored += 1;
        break;
    }
  }

  const write: IngestWrite = {
    workspaceId: ctx.workspaceId,
    sourceId: input.source.id,
    now: ctx.now,
    alertChanges: [...changes.values()],
    newAlerts: [],
    groups: [],
    detectedAt: [],
  };
  const groups: PlacedGroup[] = [];
  for (const [groupKey, members] of byGroup(pending)) {
    const group = state.groups.get(groupKey);
    const action = members.map((m) => m.routed.action).reduce((a, b) => (RANK[a] >= RANK[b] ? a : b));
    const placed = placeGroup(ctx, { policy, groupKey, group, members, action });
    groups.push(placed);
    const opened = placed.openedReportId;
    if (opened) result.openedReports.push(opened);
    else if (placed.reportId) {
      const earliest = members.map((m) => m.alert.startsAt).reduce((a, b) => (a < b ? a : b));
      write.detectedAt.push({ reportId: placed.reportId, at: earliest > ctx.now ? ctx.now : earliest });
    }
    write.groups.push({
      key: groupKey,
      exists: group !== undefined,
      expectedReportId: group?.storedReportId ?? null,
      expectedIncidentId: group?.storedIncidentId ?? null,
      reportId: opened ?? group?.storedReportId ?? null,
      incidentId: opened ? null : (group?.storedIncidentId ?? null),
      openedAt: opened ? ctx.now : null,
    });
    for (const member of members) write.newAlerts.push(alertRow(member, placed.reportId, placed.incidentId));
  }
  return { sourceId: input.source.id, now: ctx.now, policy, result, groups, resolves, write };
}

/** New alerts by group key, keys sorted so reports open and incidents are signalled in one order. */
function byGroup(pending: readonly PendingAlert[]): [string, PendingAlert[]][] {
  const groups = new Map<string, PendingAlert[]>();
  for (const entry of pending) {
    const list = groups.get(entry.routed.groupKey) ?? [];
    list.push(entry);
    groups.set(entry.routed.groupKey, list);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function alertRow(entry: PendingAlert, reportId: string | null, incidentId: string | null): NewAlertRow {
  const { alert, routed } = entry;
  return {
    id: entry.id,
    fingerprint: alert.fingerprint,
    status: entry.resolvedAt ? 'resolved' : 'firing',
    title: alert.title.slice(0, 1000),
    description: alert.description.slice(0, 4000),
    labels: alert.labels,
    service: routed.service,
    platform: routed.platform,
    severity: routed.severity,
    groupKey: routed.groupKey,
    link: alert.link,
    startsAt: alert.startsAt,
    resolvedAt: entry.resolvedAt,
    acknowledgedAt: entry.acknowledgedAt,
    count: entry.count,
    reportId,
    incidentId,
  };
}
