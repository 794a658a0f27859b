import type { AlertingPolicy } from '../../domain/alert-routing.ts';
import { placeAlert, type AlertAction, type GroupTarget } from '../../domain/alerts.ts';
import { isActive, type IncidentStatus } from '../../domain/incident.ts';
import type { GroupState } from '../../store/alert-ingest.ts';
import type { UseCaseContext } from '../context.ts';
import type { PendingAlert } from './plan-delivery.ts';

const OPEN_REPORT_STATUSES: readonly string[] = ['reported', 'investigating'];

/** Where the new alerts of one group go, as decided from the group as read. */
export interface PlacedGroup {
  groupKey: string;
  members: PendingAlert[];
  action: AlertAction;
  /** The report the alerts join or open (an id chosen now when it is new). */
  reportId: string | null;
  incidentId: string | null;
  /** Set when the group opens a new report: recordPlacement inserts it. */
  openedReportId: string | null;
  /** The group's incident was `monitoring` when read (a firing alert during its watch window). */
  isMonitoring: boolean;
}

/**
 * Decides where the new alerts of one group go, from the group as read: its active incident, its
 * open report, a new report, or nowhere. Writes nothing; recordPlacement records it. The group row
 * itself is written by the delivery's last statement, on condition that it still points where it
 * did when read — so two deliveries that both decide to open a report for one group cannot both
 * commit, and a storm opens one report per group.
 */
export function placeGroup(
  ctx: Pick<UseCaseContext, 'now' | 'newId'>,
  input: {
    policy: AlertingPolicy;
    groupKey: string;
    /** Undefined: the group has no row yet. */
    group: GroupState | undefined;
    members: PendingAlert[];
    action: AlertAction;
  },
): PlacedGroup {
  const { policy, groupKey, members, group, action } = input;
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
  const placement = placeAlert(target, action, ctx.now, policy.grouping.windowMinutes);
  const placed = { groupKey, members, action, reportId: null, incidentId: null, openedReportId: null, isMonitoring: false };
  switch (placement.kind) {
    case 'incident':
      return { ...placed, incidentId: placement.incidentId, isMonitoring: group?.incidentStatus === 'monitoring' };
    case 'report':
      return { ...placed, reportId: placement.reportId };
    case 'new_report': {
      if (members.length === 0) return placed;
      const reportId = ctx.newId();
      return { ...placed, reportId, openedReportId: reportId };
    }
    case 'none':
      return placed;
  }
}
