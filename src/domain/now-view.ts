import type { Actor } from './actor.ts';
import type { Blocker } from './blockers.ts';
import { blockersFor, nextStatus } from './incident-lifecycle.ts';
import type { IncidentSnapshot, IncidentStatus, OpenTask } from './incident.ts';
import { findSeverity, type Playbook, type Text } from './playbook.ts';

export interface NowRole {
  role: string;
  name: Text;
  holder: string | null;
  /** What this role does at the incident's severity. */
  duty: Text | null;
  tasks: OpenTask[];
}

/** Where the incident is, who holds each role, their open tasks, what blocks the next status. */
export interface NowView {
  status: IncidentStatus;
  next: IncidentStatus | null;
  roles: NowRole[];
  blockers: Blocker[];
  /** Roles without a holder: the first thing to fix, shown before anything else. */
  unassignedRoles: string[];
}

/**
 * Builds the now view. Blockers are those that stand for anyone (`actor` null), so the view reads
 * the same for everyone; decisions reserved to the commander show as blockers for the others.
 */
export function buildNowView(
  incident: IncidentSnapshot,
  playbook: Playbook,
  now: Date,
  actor: Actor | null = null,
): NowView {
  const next = nextStatus(incident, playbook);
  const severity = incident.severity ? findSeverity(playbook, incident.severity) : undefined;
  const roles = playbook.roles.map((role) => ({
    role: role.id,
    name: role.name,
    holder: incident.roles[role.id] ?? null,
    duty: severity?.duties[role.id] ?? null,
    tasks: tasksOfRole(incident.openTasks, role.id, incident.status),
  }));
  const blockers = next === null ? [] : blockersFor(incident, next, playbook, { actor, now });
  return {
    status: incident.status,
    next,
    roles,
    blockers,
    unassignedRoles: roles.filter((r) => r.holder === null).map((r) => r.role),
  };
}

/** Open tasks of a role: those of the current status first, then those left from before. */
function tasksOfRole(tasks: readonly OpenTask[], role: string, status: IncidentStatus): OpenTask[] {
  const mine = tasks.filter((t) => t.role === role);
  return [
    ...mine.filter((t) => t.statusScope === status),
    ...mine.filter((t) => t.statusScope !== status),
  ];
}
