import { DomainError } from './errors.ts';
import { MILESTONES, type Milestone, type Milestones } from './incident.ts';

/** Milestones a person may correct by hand (the rest follow from actions). */
export const CORRECTABLE_MILESTONES: readonly Milestone[] = [
  'impact_started_at',
  'detected_at',
  'reported_at',
  'declared_at',
  'acknowledged_at',
  'mitigated_at',
  'released_at',
  'resolved_at',
];

/** Pairs that must stay in order when both are set: the first is never later than the second. */
const ORDER: readonly (readonly [Milestone, Milestone])[] = [
  ['impact_started_at', 'detected_at'],
  ['impact_started_at', 'declared_at'],
  ['detected_at', 'reported_at'],
  ['detected_at', 'declared_at'],
  ['reported_at', 'declared_at'],
  ['declared_at', 'acknowledged_at'],
  ['impact_started_at', 'mitigated_at'],
  ['mitigated_at', 'resolved_at'],
  ['released_at', 'resolved_at'],
  ['declared_at', 'resolved_at'],
];

export function isMilestone(name: string): name is Milestone {
  return (MILESTONES as readonly string[]).includes(name);
}

/** Checks a correction of one milestone; returns the previous value. */
export function checkMilestoneCorrection(
  milestones: Milestones,
  name: string,
  at: Date,
  now: Date,
): { milestone: Milestone; previous: Date | null } {
  if (!isMilestone(name) || !CORRECTABLE_MILESTONES.includes(name)) {
    throw new DomainError('unknown_milestone', {
      milestone: name,
      allowed: CORRECTABLE_MILESTONES.join(', '),
    });
  }
  if (at.getTime() > now.getTime())
    throw new DomainError('milestone_in_future', { milestone: name });
  const next: Milestones = { ...milestones, [name]: at };
  for (const [before, after] of ORDER) {
    const a = next[before];
    const b = next[after];
    if (a && b && a.getTime() > b.getTime())
      throw new DomainError('milestone_order', { before, after });
  }
  return { milestone: name, previous: milestones[name] ?? null };
}
