import type { Actor } from './actor.ts';
import { blocker, type Blocker } from './blockers.ts';
import { DomainError } from './errors.ts';
import type { IncidentSnapshot, IncidentStatus, Milestone } from './incident.ts';
import { findSeverity, type Playbook } from './playbook.ts';

/**
 * The incident lifecycle as data: which status may follow which, and the guard of each move.
 * Guards return blockers ("what is missing, who can do it"); an empty list means the move is open.
 */
const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  triage: ['responding', 'canceled'],
  responding: ['monitoring', 'canceled'],
  monitoring: ['resolved', 'responding', 'canceled'],
  resolved: ['postmortem', 'follow_up', 'responding'],
  postmortem: ['follow_up'],
  follow_up: ['closed'],
  closed: [],
  canceled: [],
};

/** The forward step of the flow from each status (what the now view works towards). */
const FORWARD: Record<IncidentStatus, IncidentStatus | null> = {
  triage: 'responding',
  responding: 'monitoring',
  monitoring: 'resolved',
  resolved: 'postmortem',
  postmortem: 'follow_up',
  follow_up: 'closed',
  closed: null,
  canceled: null,
};

export interface TransitionRequest {
  to: IncidentStatus;
  actor: Actor;
  now: Date;
  note?: string | undefined;
}

export interface TransitionPlan {
  from: IncidentStatus;
  to: IncidentStatus;
  /** Milestones this move sets. */
  milestones: Partial<Record<Milestone, Date>>;
  monitoringSince: Date | null;
  kind: 'forward' | 'reopen' | 'cancel';
  /** The commander (or an admin) confirmed convergence before the watch window ended. */
  isExplicitDecision: boolean;
}

export function allowedTransitions(status: IncidentStatus): readonly IncidentStatus[] {
  return TRANSITIONS[status];
}

/** The next status in the seed's flow, considering whether a postmortem is required. */
export function nextStatus(incident: IncidentSnapshot, playbook: Playbook): IncidentStatus | null {
  if (incident.status === 'resolved' && !isPostmortemRequired(incident, playbook)) {
    return 'follow_up';
  }
  return FORWARD[incident.status];
}

function isPostmortemRequired(incident: IncidentSnapshot, playbook: Playbook): boolean {
  const severity = incident.severity ? findSeverity(playbook, incident.severity) : undefined;
  return severity?.postmortem.required ?? true;
}

function holds(incident: IncidentSnapshot, role: string, userId: string): boolean {
  return incident.roles[role] === userId;
}

/** The commander decides; an admin may stand in. Without a commander, any responder may. */
export function canDecideAsCommander(incident: IncidentSnapshot, actor: Actor): boolean {
  if (actor.role === 'admin') return true;
  const commander = incident.roles['commander'];
  return commander === undefined ? actor.role === 'responder' : commander === actor.userId;
}

function watchWindowMinutesLeft(incident: IncidentSnapshot, playbook: Playbook, now: Date): number {
  const severity = incident.severity ? findSeverity(playbook, incident.severity) : undefined;
  const watch = severity?.convergenceWatchMinutes ?? 60;
  const quietSince = latest(incident.monitoringSince, incident.lastSignalAt);
  if (!quietSince) return watch;
  const elapsedMinutes = (now.getTime() - quietSince.getTime()) / 60_000;
  return Math.max(0, Math.ceil(watch - elapsedMinutes));
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

function openTaskBlockers(incident: IncidentSnapshot, to: IncidentStatus): Blocker[] {
  return incident.openTasks
    .filter((task) => task.blocks === to)
    .map((task) =>
      blocker('task_open', [task.role], {
        task: task.key,
        titleJa: task.title.ja,
        titleEn: task.title.en,
      }),
    );
}

/**
 * Everything that keeps `incident` from moving to `to` now, for this actor.
 * Assumes the move is in the transition table; see `planTransition` for the full check.
 */
export function blockersFor(
  incident: IncidentSnapshot,
  to: IncidentStatus,
  playbook: Playbook,
  context: { actor: Actor | null; now: Date; note?: string | undefined },
): Blocker[] {
  const found: Blocker[] = [...openTaskBlockers(incident, to)];
  const hasNote = (context.note ?? '').trim().length > 0;
  if (to === 'canceled' && !hasNote) found.push(blocker('reason_required', ['commander']));
  if (to === 'canceled' && context.actor && !canDecideAsCommander(incident, context.actor)) {
    found.push(blocker('commander_decision_required', ['commander', 'admin']));
  }
  if (to === 'responding' && incident.status === 'triage' && !incident.severity) {
    found.push(blocker('severity_required', ['responder']));
  }
  if (to === 'monitoring' && incident.releases.length === 0) {
    found.push(blocker('release_required', ['investigator', 'commander']));
  }
  if (to === 'resolved') {
    const minutesLeft = watchWindowMinutesLeft(incident, playbook, context.now);
    const decides = context.actor !== null && canDecideAsCommander(incident, context.actor);
    if (minutesLeft > 0 && !decides) {
      found.push(blocker('convergence_watch_running', ['commander'], { minutes: minutesLeft }));
    }
  }
  if (to === 'follow_up') found.push(...postmortemBlockers(incident, playbook));
  if (to === 'closed') {
    const open = incident.actions.filter((a) => a.status === 'open' || a.status === 'in_progress');
    if (open.length > 0) found.push(blocker('actions_open', ['responder'], { count: open.length }));
  }
  return found;
}

function postmortemBlockers(incident: IncidentSnapshot, playbook: Playbook): Blocker[] {
  if (!isPostmortemRequired(incident, playbook) && incident.status === 'resolved') return [];
  if (!incident.postmortem) return [blocker('postmortem_not_started', ['commander'])];
  const found: Blocker[] = [];
  if (incident.postmortem.missingRequired.length > 0) {
    found.push(
      blocker('postmortem_sections_missing', ['commander', 'investigator'], {
        sections: incident.postmortem.missingRequired.join(', '),
      }),
    );
  }
  if (incident.postmortem.status !== 'published') {
    found.push(blocker('postmortem_not_published', ['commander']));
  }
  return found;
}

/**
 * Checks a status change and says what it sets. Throws `invalid_transition` for a move the table
 * does not have and `transition_blocked` (with the blockers as details) for one a guard refuses.
 */
export function planTransition(
  incident: IncidentSnapshot,
  request: TransitionRequest,
  playbook: Playbook,
): TransitionPlan {
  const { to, now } = request;
  const from = incident.status;
  if (!TRANSITIONS[from].includes(to)) {
    throw new DomainError('invalid_transition', {
      from,
      to,
      allowed: TRANSITIONS[from].join(', ') || '-',
    });
  }
  if (from === 'resolved' && to === 'follow_up' && isPostmortemRequired(incident, playbook)) {
    throw new DomainError('invalid_transition', { from, to, allowed: 'postmortem, responding' });
  }
  const found = blockersFor(incident, to, playbook, request);
  if (found.length > 0) throw new DomainError('transition_blocked', { from, to }, found);
  return {
    from,
    to,
    milestones: milestonesOnEntering(incident, to, now),
    monitoringSince: to === 'monitoring' ? now : null,
    kind: kindOf(from, to),
    isExplicitDecision: to === 'resolved' && watchWindowMinutesLeft(incident, playbook, now) > 0,
  };
}

function kindOf(from: IncidentStatus, to: IncidentStatus): TransitionPlan['kind'] {
  if (to === 'canceled') return 'cancel';
  if (to === 'responding' && (from === 'monitoring' || from === 'resolved')) return 'reopen';
  return 'forward';
}

/** Reopening keeps the first milestones; re-resolving records the latest resolution. */
function milestonesOnEntering(
  incident: IncidentSnapshot,
  to: IncidentStatus,
  now: Date,
): Partial<Record<Milestone, Date>> {
  switch (to) {
    case 'resolved':
      return { resolved_at: now };
    case 'closed':
      return { closed_at: now };
    case 'canceled':
      return { canceled_at: now };
    default:
      return incident.milestones.declared_at ? {} : { declared_at: now };
  }
}

/** True when the actor holds the given incident role. */
export function actorHolds(incident: IncidentSnapshot, role: string, actor: Actor): boolean {
  return holds(incident, role, actor.userId);
}
