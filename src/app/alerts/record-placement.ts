import type { AlertingPolicy } from '../../domain/alert-routing.ts';
import type { UseCaseContext } from '../context.ts';
import { recordSignal } from './incident-signal.ts';
import { openAlertReport } from './open-alert-report.ts';
import type { PlacedGroup } from './place-group.ts';
import type { PendingAlert } from './plan-delivery.ts';
import { convergenceText } from './signal-texts.ts';

/** Whether recordPlacement writes anything for this group (a new report, or an incident's timeline). */
export function placementWrites(placed: PlacedGroup): boolean {
  return placed.openedReportId !== null || placed.incidentId !== null;
}

/**
 * Records where a group's new alerts went, in the caller's transaction: a new report (with its
 * timeline entry and, for `page`, its triage post), or the active incident's timeline. Joining an
 * open report needs nothing here (the delivery's last statement moves the group's last alert and
 * the report's detection time for all groups at once).
 */
export async function recordPlacement(ctx: UseCaseContext, placed: PlacedGroup, input: { policy: AlertingPolicy; sourceId: string }): Promise<void> {
  const [first] = placed.members;
  if (!first) return;
  if (placed.incidentId !== null) {
    await signalFiring(ctx, placed.incidentId, placed.isMonitoring, placed.members);
    return;
  }
  if (placed.openedReportId === null) return;
  const earliest = placed.members.map((m) => m.alert.startsAt).reduce((a, b) => (a < b ? a : b));
  await openAlertReport(ctx, {
    id: placed.openedReportId,
    policy: input.policy,
    first: first.alert,
    service: first.routed.service,
    detectedAt: earliest,
    groupKey: placed.groupKey,
    sourceId: input.sourceId,
    page: placed.action === 'page',
  });
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
