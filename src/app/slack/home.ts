import { listIncidents } from '../../store/incident-queries.ts';
import { listReports } from '../../store/reports.ts';
import { findIncidentIdByChannel } from '../../store/slack-channels.ts';
import type { IncidentRow, ReportRow } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface HomeRole {
  incidentId: string;
  number: number;
  title: string;
  severity: string | null;
  status: string;
  role: string;
  /** Open tasks of that role in the incident. */
  tasks: { id: string; key: string; title: { ja: string; en: string } }[];
}

export interface HomeView {
  myRoles: HomeRole[];
  active: IncidentRow[];
  awaitingReports: ReportRow[];
}

const LIMIT = 20;

/** Statuses listed as active incidents: still being fought or watched. */
const ACTIVE_STATUSES = ['triage', 'responding', 'monitoring'];

/**
 * What the App Home shows a user: the roles they hold in active incidents with the open tasks of
 * each, the active incidents they may see, and reports awaiting a quick investigation.
 */
export async function getHomeView(ctx: UseCaseContext, _input: Record<string, never>): Promise<HomeView> {
  authorize(ctx.actor, 'incident.read');
  const visibleTo = ctx.actor.role === 'admin' ? null : ctx.actor.userId;
  const [active, awaitingReports, held] = await Promise.all([
    listIncidents(ctx.tx, { workspaceId: ctx.workspaceId, visibleTo, statuses: ACTIVE_STATUSES, limit: LIMIT }),
    listReports(ctx.tx, { workspaceId: ctx.workspaceId, visibleTo, statuses: ['reported', 'investigating'], limit: LIMIT }),
    ctx.tx
      .selectFrom('role_assignments as r')
      .innerJoin('incidents as i', 'i.id', 'r.incident_id')
      .select(['r.role', 'i.id', 'i.number', 'i.title', 'i.severity', 'i.status'])
      .where('r.user_id', '=', ctx.actor.userId)
      .where('r.ended_at', 'is', null)
      .where('i.workspace_id', '=', ctx.workspaceId)
      .where('i.status', 'not in', ['closed', 'canceled'])
      .orderBy('i.number', 'desc')
      .limit(LIMIT)
      .execute(),
  ]);
  const ids = [...new Set(held.map((h) => h.id))];
  const tasks =
    ids.length === 0
      ? []
      : await ctx.tx
          .selectFrom('incident_tasks')
          .select(['id', 'incident_id', 'key', 'role', 'title'])
          .where('incident_id', 'in', ids)
          .where('done_at', 'is', null)
          .where('dropped_at', 'is', null)
          .orderBy('created_at')
          .orderBy('key')
          .execute();
  const myRoles = held.map((h) => ({
    incidentId: h.id,
    number: h.number,
    title: h.title,
    severity: h.severity,
    status: h.status,
    role: h.role,
    tasks: tasks.filter((t) => t.incident_id === h.id && t.role === h.role).map((t) => ({ id: t.id, key: t.key, title: t.title })),
  }));
  return { myRoles, active, awaitingReports };
}

/** The incident whose dedicated channel this is, if any (visibility is checked by the use case that follows). */
export async function findIncidentOfChannel(
  ctx: UseCaseContext,
  input: { channelId: string },
): Promise<string | undefined> {
  return findIncidentIdByChannel(ctx.tx, ctx.workspaceId, input.channelId);
}
