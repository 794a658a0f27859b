import { describe, expect, it } from 'vitest';
import { MILESTONES, type Milestone, type Milestones } from '../../src/domain/incident.ts';
import {
  CORRECTABLE_MILESTONES,
  checkMilestoneCorrection,
  isMilestone,
} from '../../src/domain/milestones.ts';
import { expectDomainError } from '../support/domain-error.ts';
import { T0, minutesAfter } from '../support/playbook-fixture.ts';

const NOW = minutesAfter(T0, 600);
const t = (minutes: number) => minutesAfter(T0, minutes);

/** Every pair that must stay in order (first never later than second). */
const ORDER: [Milestone, Milestone][] = [
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

describe('isMilestone', () => {
  it.each(MILESTONES.map((name) => ({ name })))('$name is a milestone', ({ name }) => {
    expect(isMilestone(name)).toBe(true);
  });

  it.each(['started_at', 'DETECTED_AT', ''])('%j is not', (name) => {
    expect(isMilestone(name)).toBe(false);
  });
});

describe('checkMilestoneCorrection', () => {
  it('lists the correctable milestones', () => {
    expect(CORRECTABLE_MILESTONES).toEqual([
      'impact_started_at',
      'detected_at',
      'reported_at',
      'declared_at',
      'acknowledged_at',
      'mitigated_at',
      'released_at',
      'resolved_at',
    ]);
  });

  it.each(['postmortem_published_at', 'closed_at', 'canceled_at', 'started_at'])(
    'refuses %s: unknown_milestone',
    (name) => {
      expectDomainError(() => checkMilestoneCorrection({}, name, t(0), NOW), 'unknown_milestone', {
        milestone: name,
        allowed: CORRECTABLE_MILESTONES.join(', '),
      });
    },
  );

  it.each(CORRECTABLE_MILESTONES.map((name) => ({ name })))(
    'refuses $name in the future',
    ({ name }) => {
      expectDomainError(
        () => checkMilestoneCorrection({}, name, minutesAfter(NOW, 1), NOW),
        'milestone_in_future',
        {
          milestone: name,
        },
      );
    },
  );

  it('accepts a correction at exactly now and returns the previous value', () => {
    expect(checkMilestoneCorrection({ resolved_at: t(100) }, 'resolved_at', NOW, NOW)).toEqual({
      milestone: 'resolved_at',
      previous: t(100),
    });
    expect(checkMilestoneCorrection({}, 'detected_at', t(0), NOW)).toEqual({
      milestone: 'detected_at',
      previous: null,
    });
  });

  it.each(ORDER.map(([before, after]) => ({ before, after })))(
    '$before ≤ $after: refuses either side crossing the other',
    ({ before, after }) => {
      // Moving `after` before `before`.
      expectDomainError(
        () => checkMilestoneCorrection({ [before]: t(10) }, after, t(5), NOW),
        'milestone_order',
        { before, after },
      );
      // Moving `before` after `after`.
      expectDomainError(
        () => checkMilestoneCorrection({ [after]: t(10) }, before, t(15), NOW),
        'milestone_order',
        { before, after },
      );
    },
  );

  it.each(ORDER.map(([before, after]) => ({ before, after })))(
    '$before ≤ $after: accepts equal and ordered times',
    ({ before, after }) => {
      expect(checkMilestoneCorrection({ [before]: t(10) }, after, t(10), NOW).milestone).toBe(
        after,
      );
      expect(checkMilestoneCorrection({ [after]: t(10) }, before, t(5), NOW).milestone).toBe(
        before,
      );
    },
  );

  it('ignores pairs where the other side is unset or null', () => {
    const milestones: Milestones = { detected_at: null, declared_at: null };
    expect(checkMilestoneCorrection(milestones, 'impact_started_at', t(50), NOW)).toEqual({
      milestone: 'impact_started_at',
      previous: null,
    });
  });

  it('checks against the whole set: detected moved after a later report is refused', () => {
    const milestones: Milestones = { detected_at: t(0), reported_at: t(5), declared_at: t(20) };
    expectDomainError(
      () => checkMilestoneCorrection(milestones, 'detected_at', t(10), NOW),
      'milestone_order',
      {
        before: 'detected_at',
        after: 'reported_at',
      },
    );
  });
});
