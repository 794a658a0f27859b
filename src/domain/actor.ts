/** Who is acting: a user and their workspace role. Incident roles come from the incident. */
export type WorkspaceRole = 'viewer' | 'responder' | 'admin';

export interface Actor {
  userId: string;
  role: WorkspaceRole;
}

export const WORKSPACE_ROLES: readonly WorkspaceRole[] = ['viewer', 'responder', 'admin'];

const RANK: Record<WorkspaceRole, number> = { viewer: 0, responder: 1, admin: 2 };

/** True when `role` grants at least what `needed` grants. */
export function hasWorkspaceRole(role: WorkspaceRole, needed: WorkspaceRole): boolean {
  return RANK[role] >= RANK[needed];
}
