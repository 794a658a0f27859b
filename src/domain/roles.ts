import type { Actor } from './actor.ts';
import { DomainError } from './errors.ts';
import { isFinished, type IncidentSnapshot } from './incident.ts';
import { findRole, type Playbook } from './playbook.ts';

export type RoleWarning = 'commander_triggered_incident';

export interface RoleAssignmentPlan {
  role: string;
  userId: string;
  previousUserId: string | null;
  /** The first commander acknowledges the incident. */
  acknowledges: boolean;
  warnings: RoleWarning[];
}

/** The roles that must never be held by one person together (the seed: commander ≠ investigator). */
const EXCLUSIVE_PAIRS: readonly (readonly [string, string])[] = [['commander', 'investigator']];

function conflictingRole(role: string): string | undefined {
  for (const [a, b] of EXCLUSIVE_PAIRS) {
    if (a === role) return b;
    if (b === role) return a;
  }
  return undefined;
}

/** Checks giving `role` to `userId` and says what it changes. */
export function planRoleAssignment(
  incident: IncidentSnapshot,
  role: string,
  userId: string,
  playbook: Playbook,
): RoleAssignmentPlan {
  if (!findRole(playbook, role)) {
    throw new DomainError('unknown_role', {
      role,
      allowed: playbook.roles.map((r) => r.id).join(', '),
    });
  }
  if (isFinished(incident.status))
    throw new DomainError('incident_finished', { status: incident.status });
  const other = conflictingRole(role);
  if (other !== undefined && incident.roles[other] === userId) {
    throw new DomainError('role_conflict', { role, other });
  }
  const previousUserId = incident.roles[role] ?? null;
  if (previousUserId === userId)
    throw new DomainError('conflict', { reason: 'role_already_held', role });
  const warnings: RoleWarning[] =
    role === 'commander' && incident.triggeredByUserId === userId
      ? ['commander_triggered_incident']
      : [];
  return {
    role,
    userId,
    previousUserId,
    acknowledges: role === 'commander' && !incident.milestones.acknowledged_at,
    warnings,
  };
}

/** Checks taking a role away. */
export function planRoleRelease(
  incident: IncidentSnapshot,
  role: string,
  playbook: Playbook,
): string {
  if (!findRole(playbook, role)) {
    throw new DomainError('unknown_role', {
      role,
      allowed: playbook.roles.map((r) => r.id).join(', '),
    });
  }
  if (isFinished(incident.status))
    throw new DomainError('incident_finished', { status: incident.status });
  const holder = incident.roles[role];
  if (holder === undefined) throw new DomainError('not_found', { what: `role ${role}` });
  return holder;
}

export interface RotationCandidate {
  userId: string;
  /** When this person last took the role; null if never. */
  lastServedAt: Date | null;
}

/**
 * Suggests who should take the commander role next: people from the rotation pool who are not
 * the investigator nor the person whose change triggered it, least recently served first.
 */
export function suggestCommanders(
  incident: IncidentSnapshot,
  pool: readonly RotationCandidate[],
): RotationCandidate[] {
  const excluded = new Set<string>();
  const investigator = incident.roles['investigator'];
  if (investigator) excluded.add(investigator);
  if (incident.triggeredByUserId) excluded.add(incident.triggeredByUserId);
  return pool
    .filter((c) => !excluded.has(c.userId))
    .sort(
      (a, b) =>
        servedOrder(a.lastServedAt) - servedOrder(b.lastServedAt) ||
        a.userId.localeCompare(b.userId),
    );
}

function servedOrder(at: Date | null): number {
  return at === null ? Number.NEGATIVE_INFINITY : at.getTime();
}

/** Whether an actor may decide as the given role holder (admins may stand in). */
export function actsAs(incident: IncidentSnapshot, role: string, actor: Actor): boolean {
  return actor.role === 'admin' || incident.roles[role] === actor.userId;
}
