import type { z } from 'zod';
import type { IncidentDetail } from '../../app/incidents/queries.ts';
import type { Blocker } from '../../domain/blockers.ts';
import type { IncidentStatus } from '../../domain/incident.ts';
import { MILESTONES } from '../../domain/incident.ts';
import type { NowView } from '../../domain/now-view.ts';
import type { Locale, Playbook } from '../../domain/playbook.ts';
import type { RoleWarning } from '../../domain/roles.ts';
import { translateBlocker } from '../../i18n/index.ts';
import { translateWarning } from '../../i18n/warnings.ts';
import { deliveryFailedWarning } from '../../i18n/slack-messages.ts';
import type { DeliveryFailure } from '../../store/delivery-failures.ts';
import type { RoleHolder } from '../../store/incident-queries.ts';
import type { IncidentRow } from '../../store/schema.ts';
import type {
  incidentDetailResponse,
  incidentResponse,
  nowViewResponse,
} from './incidents.schemas.ts';

type IncidentJson = z.infer<typeof incidentResponse>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function personOf(holder: RoleHolder | undefined) {
  return holder
    ? { id: holder.userId, name: holder.name, email: holder.email, slackUserId: holder.slackUserId }
    : null;
}

/** An incident as the API shows it. */
export function presentIncident(
  row: IncidentRow,
  holders: RoleHolder[],
  playbook: Playbook,
  publicUrl: string,
): IncidentJson {
  const roles: IncidentJson['roles'] = {};
  for (const role of playbook.roles) roles[role.id] = null;
  for (const holder of holders) roles[holder.role] = personOf(holder);
  const milestones: IncidentJson['milestones'] = {};
  for (const name of MILESTONES) milestones[camel(name)] = iso(row[name]);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    summary: row.summary,
    impact: row.impact,
    severity: row.severity,
    status: row.status as IncidentStatus,
    platforms: row.platforms,
    isPrivate: row.is_private,
    roles,
    milestones,
    readyToResolveAt: iso(row.ready_to_resolve_at ?? null),
    triggeredByUserId: row.triggered_by_user_id,
    cancelReason: row.cancel_reason,
    playbookVersionId: row.playbook_version_id,
    version: row.version,
    url: `${publicUrl}/incidents/${row.number}`,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** An incident with its tasks, releases and decisions. */
export function presentIncidentDetail(
  detail: IncidentDetail,
  playbook: Playbook,
  publicUrl: string,
  locale: Locale,
  warnings: RoleWarning[] = [],
): z.infer<typeof incidentDetailResponse> {
  return {
    ...presentIncident(detail.row, detail.roles, playbook, publicUrl),
    tasks: detail.tasks.map((t) => ({
      id: t.id,
      key: t.key,
      role: t.role,
      status: t.statusScope,
      title: t.title[locale],
      blocks: t.blocks,
      doneAt: iso(t.doneAt),
    })),
    releases: detail.releases.map((r) => ({
      id: r.id,
      platform: r.platform,
      kind: r.kind,
      note: r.note,
      appVersion: r.app_version,
      recordedAt: r.recorded_at.toISOString(),
      storeSubmittedAt: iso(r.store_submitted_at),
      storeApprovedAt: iso(r.store_approved_at),
      forcedUpdateAt: iso(r.forced_update_at),
    })),
    decisions: detail.decisions.map((d) => ({
      id: d.id,
      kind: d.kind,
      authorId: d.author_id,
      authorName: d.author_name,
      body: d.body,
      createdAt: d.created_at.toISOString(),
    })),
    warnings: [
      ...warnings.map((code) => ({ code, message: translateWarning(locale, code) })),
      ...presentDeliveryFailures(detail.deliveryFailures, locale),
    ],
    slackChannel: detail.slackChannel
      ? {
          ...detail.slackChannel,
          // Slack's documented deep link: opens the channel in the user's workspace.
          url: `https://slack.com/app_redirect?channel=${encodeURIComponent(detail.slackChannel.id)}`,
        }
      : null,
  };
}

/** Side effects given up on, as warnings (`delivery_failed`, with the topic and Slack's error). */
export function presentDeliveryFailures(failures: readonly DeliveryFailure[], locale: Locale) {
  return failures.map((f) => ({ code: 'delivery_failed', topic: f.topic, message: deliveryFailedWarning(locale, f.topic, f.error) }));
}

export function presentBlocker(blocker: Blocker, locale: Locale) {
  return { code: blocker.code, message: translateBlocker(locale, blocker), who: blocker.who };
}

/** The now view with texts in the caller's language. */
export function presentNowView(
  view: NowView & { row: IncidentRow; deliveryFailures: DeliveryFailure[] },
  holders: RoleHolder[],
  locale: Locale,
): z.infer<typeof nowViewResponse> {
  const byRole = new Map(holders.map((h) => [h.role, h]));
  return {
    incidentId: view.row.id,
    number: view.row.number,
    status: view.status,
    next: view.next,
    severity: view.row.severity,
    readyToResolveAt: iso(view.row.ready_to_resolve_at ?? null),
    roles: view.roles.map((r) => ({
      role: r.role,
      name: r.name[locale],
      holder: personOf(byRole.get(r.role)),
      duty: r.duty ? r.duty[locale] : null,
      tasks: r.tasks.map((t) => ({
        id: t.id,
        key: t.key,
        title: t.title[locale],
        status: t.statusScope,
        blocks: t.blocks,
      })),
    })),
    blockers: view.blockers.map((b) => presentBlocker(b, locale)),
    unassignedRoles: view.unassignedRoles,
    warnings: presentDeliveryFailures(view.deliveryFailures, locale),
  };
}
