import { DomainError } from '../domain/errors.ts';
import { hasWorkspaceRole, type Actor, type WorkspaceRole } from '../domain/actor.ts';

/**
 * Who may do what: one table every transport and use case calls. Viewers read (and may report:
 * anyone can raise a problem), responders act, admins do everything. Self-service actions take
 * the user the resource belongs to.
 */
export type PolicyAction =
  | 'incident.read'
  | 'incident.declare'
  | 'incident.update'
  | 'report.create'
  | 'report.read'
  | 'report.triage'
  | 'action.read'
  | 'action.update'
  | 'postmortem.edit'
  | 'playbook.read'
  | 'playbook.edit'
  | 'user.manage'
  | 'user.read'
  | 'user.update_profile'
  | 'token.create'
  | 'token.read'
  | 'token.revoke'
  | 'alert_source.manage';

/** The resource an action is about; `ownerId` is the user it belongs to (for self-service). */
export interface PolicyResource {
  ownerId?: string | undefined;
}

type Rule = (actor: Actor, resource: PolicyResource) => boolean;

const atLeast =
  (role: WorkspaceRole): Rule =>
  (actor) =>
    hasWorkspaceRole(actor.role, role);

const adminOrSelf: Rule = (actor, resource) =>
  actor.role === 'admin' || (resource.ownerId !== undefined && resource.ownerId === actor.userId);

const RULES: Record<PolicyAction, Rule> = {
  'incident.read': atLeast('viewer'),
  'incident.declare': atLeast('responder'),
  'incident.update': atLeast('responder'),
  'report.create': atLeast('viewer'),
  'report.read': atLeast('viewer'),
  'report.triage': atLeast('responder'),
  'action.read': atLeast('viewer'),
  'action.update': atLeast('responder'),
  'postmortem.edit': atLeast('responder'),
  'playbook.read': atLeast('viewer'),
  'playbook.edit': atLeast('admin'),
  'user.manage': atLeast('admin'),
  'user.read': adminOrSelf,
  'user.update_profile': adminOrSelf,
  'token.create': adminOrSelf,
  'token.read': adminOrSelf,
  'token.revoke': adminOrSelf,
  'alert_source.manage': atLeast('admin'),
};

/** Whether `actor` may do `action` (on `resource`, for self-service actions). */
export function can(actor: Actor, action: PolicyAction, resource: PolicyResource = {}): boolean {
  return RULES[action](actor, resource);
}

/** Throws `forbidden` unless `actor` may do `action`. */
export function authorize(actor: Actor, action: PolicyAction, resource: PolicyResource = {}): void {
  if (!can(actor, action, resource)) throw new DomainError('forbidden', { action });
}

/** Private incidents are seen by admins and members only; the others by everyone. */
export function canSeeIncident(actor: Actor, incident: { isPrivate: boolean }, isMember: boolean): boolean {
  return !incident.isPrivate || isMember || actor.role === 'admin';
}
