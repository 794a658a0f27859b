import type { AlertingPolicy } from '../../domain/alert-routing.ts';
import { placeAlert, type AlertAction, type GroupTarget } from '../../domain/alerts.ts';
import { isActive, type IncidentStatus } from '../../domain/incident.ts';
import type { GroupState } from '../../store/alert-ingest.ts';
import type { UseCaseContext } from '../context.ts';
import type { PendingAlert } from './ingest-alerts.ts';
import { recordSignal } from './incident-signal.ts';
import { openAlertReport } from './open-alert-report.ts';
import { convergenceText } from './signal-texts.ts';

const OPEN_REPORT_STATUSES: readonly string[] = ['reported', 'investigating'];

export interface Placed {
  reportId: string | null;
  incidentId: string | null;
  openedReportId: string | null;
}

/**
 * Decides where the new alerts of one group go, from the group as read, and records it: the
 * incident's timeline, or a new report. The group row itself is written by the caller's last
 * statement, on condition that it still points where it did when read — so two deliveries that
 * both decide to open a report for one group cannot both commit, and a storm opens one report per
 * group. Joining an open report needs nothing here (the caller moves the group's last alert and
 * the report's detection time for all groups at once).
 */
export async function placeGroup(
  ctx: UseCaseContext,
  input: {
    policy: AlertingPolicy;
    groupKey: string;
    /** Undefined: the group has no row yet. */
    group: GroupState | undefined;
    members: PendingAlert[];
    action: AlertAction;
    sourceId: string;
  },
): Promise<Placed> {
  const { policy, groupKey, members, group } = input;
  const isNew = group === undefined || (group.storedReportId === null && group.storedIncidentId === null);
  const target: GroupTarget | undefined = isNew
    ? undefined
    : {
        reportId: group.storedReportId,
        reportIsOpen: group.reportStatus !== null && OPEN_REPORT_STATUSES.includes(group.reportStatus),
        incidentId: group.incidentId,
        incidentIsActive: group.incidentStatus !== null && isActive(group.incidentStatus as IncidentStatus),
        lastAlertAt: group.lastAlertAt,
      };
  const placement = placeAlert(target, input.action, ctx.now, policy.grouping.windowMinutes);
  const earliest = members.map((m) => m.alert.startsAt).reduce((a, b) => (a < b ? a : b));
  switch (placement.kind) {
    case 'incident':
      await signalFiring(ctx, placement.incidentId, group?.incidentStatus === 'monitoring', members);
      return { reportId: null, incidentId: placement.incidentId, openedReportId: null };
    case 'report':
      return { reportId: placement.reportId, incidentId: null, openedReportId: null };
    case 'new_report': {
      const [first] = members;
      if (!first) return { reportId: null, incidentId: null, openedReportId: null };
      const reportId = await openAlertReport(ctx, {
        policy,
        first: first.alert,
        service: first.routed.service,
        detectedAt: earliest,
        groupKey,
        sourceId: input.sourceId,
        page: input.action === 'page',
      });
      return { reportId, incidentId: null, openedReportId: reportId };
    }
    case 'none':
      return { reportId: null, incidentId: null, openedReportId: null };
  }
}

/** New alerts on an active incident: its timeline; during the watch window, a new signal and a message. */
async function signalFiring(ctx: UseCaseContext, incidentId: string, isMonitoring: boolean, members: PendingAlert[]): Promise<void> {
  const [first] = members;
  if (!first) return;
  const locale = ctx.playbooks.current().playbook.workspace.defaultLocale;
  await recordSignal(ctx, incidentId, {
    events: members.map((m) => ({
      type: 'incident.alert_firing',
      data: {
        alertId: m.id,
        title: m.alert.title,
        fingerprint: m.alert.fingerprint,
        service: m.routed.service,
        severity: m.routed.severity,
        startsAt: m.alert.startsAt.toISOString(),
        duringWatch: isMonitoring,
      },
    })),
    ...(isMonitoring && {
      patch: { last_signal_at: ctx.now, ready_to_resolve_at: null },
      effects: [
        {
          topic: 'slack.post_message' as const,
          keySuffix: `alert_firing:${first.id}`,
          payload: { text: await convergenceText(ctx, incidentId, 'firing_in_watch', locale, { title: first.alert.title }) },
        },
      ],
    }),
  });
}
