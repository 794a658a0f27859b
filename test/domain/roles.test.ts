import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, type Milestones } from '../../src/domain/incident.ts';
import {
  actsAs,
  planRoleAssignment,
  planRoleRelease,
  suggestCommanders,
  type RoleAssignmentPlan,
  type RotationCandidate,
} from '../../src/domain/roles.ts';
import { expectDomainError } from '../support/domain-error.ts';
import {
  ADMIN,
  COMMANDER,
  INVESTIGATOR,
  RESPONDER,
  T0,
  minutesAfter,
  snapshot,
  testPlaybook,
  text,
} from '../support/playbook-fixture.ts';

const playbook = testPlaybook();

describe('planRoleAssignment', () => {
  it.each([
    { role: 'commander', other: 'investigator' },
    { role: 'investigator', other: 'commander' },
  ])('refuses $role to the person who holds $other: role_conflict', ({ role, other }) => {
    const incident = snapshot({ roles: { [other]: 'u-1' } });
    expectDomainError(() => planRoleAssignment(incident, role, 'u-1', playbook), 'role_conflict', {
      role,
      other,
    });
  });

  it.each<{
    name: string;
    roles: Record<string, string>;
    milestones: Milestones;
    role: string;
    userId: string;
    plan: RoleAssignmentPlan;
  }>([
    {
      name: 'the first commander acknowledges the incident',
      roles: {},
      milestones: { declared_at: T0 },
      role: 'commander',
      userId: 'u-1',
      plan: {
        role: 'commander',
        userId: 'u-1',
        previousUserId: null,
        acknowledges: true,
        warnings: [],
      },
    },
    {
      name: 'a commander after the first does not acknowledge again',
      roles: {},
      milestones: { declared_at: T0, acknowledged_at: minutesAfter(T0, 3) },
      role: 'commander',
      userId: 'u-1',
      plan: {
        role: 'commander',
        userId: 'u-1',
        previousUserId: null,
        acknowledges: false,
        warnings: [],
      },
    },
    {
      name: 'a hand-over names the previous commander',
      roles: { commander: 'u-old', investigator: 'u-2' },
      milestones: { declared_at: T0, acknowledged_at: minutesAfter(T0, 3) },
      role: 'commander',
      userId: 'u-1',
      plan: {
        role: 'commander',
        userId: 'u-1',
        previousUserId: 'u-old',
        acknowledges: false,
        warnings: [],
      },
    },
    {
      name: 'an investigator never acknowledges',
      roles: { commander: 'u-2' },
      milestones: { declared_at: T0 },
      role: 'investigator',
      userId: 'u-1',
      plan: {
        role: 'investigator',
        userId: 'u-1',
        previousUserId: null,
        acknowledges: false,
        warnings: [],
      },
    },
    {
      name: 'a null acknowledged_at counts as not acknowledged',
      roles: {},
      milestones: { declared_at: T0, acknowledged_at: null },
      role: 'commander',
      userId: 'u-1',
      plan: {
        role: 'commander',
        userId: 'u-1',
        previousUserId: null,
        acknowledges: true,
        warnings: [],
      },
    },
  ])('$name', ({ roles, milestones, role, userId, plan }) => {
    expect(planRoleAssignment(snapshot({ roles, milestones }), role, userId, playbook)).toEqual(
      plan,
    );
  });

  it('warns when the commander is the person whose change triggered the incident', () => {
    const incident = snapshot({ triggeredByUserId: 'u-trigger' });
    expect(planRoleAssignment(incident, 'commander', 'u-trigger', playbook)).toEqual({
      role: 'commander',
      userId: 'u-trigger',
      previousUserId: null,
      acknowledges: true,
      warnings: ['commander_triggered_incident'],
    });
  });

  it('does not warn when that person investigates, nor for another commander', () => {
    const incident = snapshot({ triggeredByUserId: 'u-trigger' });
    expect(planRoleAssignment(incident, 'investigator', 'u-trigger', playbook).warnings).toEqual(
      [],
    );
    expect(planRoleAssignment(incident, 'commander', 'u-other', playbook).warnings).toEqual([]);
  });

  it('refuses giving a role to the person who already holds it', () => {
    const incident = snapshot({ roles: { commander: 'u-1' } });
    expectDomainError(
      () => planRoleAssignment(incident, 'commander', 'u-1', playbook),
      'conflict',
      {
        reason: 'role_already_held',
        role: 'commander',
      },
    );
  });

  it('refuses an unknown role', () => {
    expectDomainError(
      () => planRoleAssignment(snapshot(), 'scribe', 'u-1', playbook),
      'unknown_role',
      {
        role: 'scribe',
        allowed: 'commander, investigator',
      },
    );
  });

  it('lets a team role outside the exclusive pair be held with commander', () => {
    const withComms = testPlaybook({
      roles: [
        ...playbook.roles,
        {
          id: 'communications',
          name: text('Communications'),
          description: text('Talks'),
          rotation: [],
        },
      ],
    });
    const incident = snapshot({ roles: { commander: 'u-1' }, milestones: { acknowledged_at: T0 } });
    expect(planRoleAssignment(incident, 'communications', 'u-1', withComms)).toEqual({
      role: 'communications',
      userId: 'u-1',
      previousUserId: null,
      acknowledges: false,
      warnings: [],
    });
  });

  it.each(INCIDENT_STATUSES.map((status) => ({ status })))('in $status', ({ status }) => {
    const incident = snapshot({ status });
    if (status === 'closed' || status === 'canceled') {
      expectDomainError(
        () => planRoleAssignment(incident, 'commander', 'u-1', playbook),
        'incident_finished',
        {
          status,
        },
      );
    } else {
      expect(planRoleAssignment(incident, 'commander', 'u-1', playbook).userId).toBe('u-1');
    }
  });

  it('names an unknown role before a finished incident', () => {
    expectDomainError(
      () => planRoleAssignment(snapshot({ status: 'closed' }), 'scribe', 'u-1', playbook),
      'unknown_role',
      { role: 'scribe', allowed: 'commander, investigator' },
    );
  });
});

describe('planRoleRelease', () => {
  it('returns the holder being released', () => {
    const incident = snapshot({ roles: { commander: 'u-1', investigator: 'u-2' } });
    expect(planRoleRelease(incident, 'investigator', playbook)).toBe('u-2');
  });

  it('refuses a role nobody holds', () => {
    expectDomainError(() => planRoleRelease(snapshot(), 'commander', playbook), 'not_found', {
      what: 'role commander',
    });
  });

  it('refuses an unknown role', () => {
    expectDomainError(() => planRoleRelease(snapshot(), 'scribe', playbook), 'unknown_role', {
      role: 'scribe',
      allowed: 'commander, investigator',
    });
  });

  it.each(['closed', 'canceled'] as const)('refuses on a %s incident', (status) => {
    const incident = snapshot({ status, roles: { commander: 'u-1' } });
    expectDomainError(() => planRoleRelease(incident, 'commander', playbook), 'incident_finished', {
      status,
    });
  });
});

describe('suggestCommanders', () => {
  const at = (day: number) => new Date(Date.UTC(2025, 2, day, 9));
  const pool: RotationCandidate[] = [
    { userId: 'u-recent', lastServedAt: at(9) },
    { userId: 'u-never-b', lastServedAt: null },
    { userId: 'u-old', lastServedAt: at(1) },
    { userId: 'u-investigator', lastServedAt: null },
    { userId: 'u-middle', lastServedAt: at(5) },
    { userId: 'u-never-a', lastServedAt: null },
    { userId: 'u-trigger', lastServedAt: at(2) },
  ];

  it('puts never-served first (by id), then least recently served; drops investigator and trigger', () => {
    const incident = snapshot({
      roles: { investigator: 'u-investigator' },
      triggeredByUserId: 'u-trigger',
    });
    expect(suggestCommanders(incident, pool).map((c) => c.userId)).toEqual([
      'u-never-a',
      'u-never-b',
      'u-old',
      'u-middle',
      'u-recent',
    ]);
  });

  it('keeps everyone when there is no investigator nor trigger', () => {
    expect(suggestCommanders(snapshot(), pool).map((c) => c.userId)).toEqual([
      'u-investigator',
      'u-never-a',
      'u-never-b',
      'u-old',
      'u-trigger',
      'u-middle',
      'u-recent',
    ]);
  });

  it('breaks a tie in last service by id and leaves the pool untouched', () => {
    const tied: RotationCandidate[] = [
      { userId: 'u-b', lastServedAt: at(3) },
      { userId: 'u-a', lastServedAt: at(3) },
    ];
    expect(suggestCommanders(snapshot(), tied)).toEqual([
      { userId: 'u-a', lastServedAt: at(3) },
      { userId: 'u-b', lastServedAt: at(3) },
    ]);
    expect(tied.map((c) => c.userId)).toEqual(['u-b', 'u-a']);
  });

  it('returns nobody from an empty pool', () => {
    expect(suggestCommanders(snapshot(), [])).toEqual([]);
  });
});

describe('actsAs', () => {
  const incident = snapshot({
    roles: { commander: COMMANDER.userId, investigator: INVESTIGATOR.userId },
  });

  it.each([
    { role: 'commander', by: COMMANDER, acts: true },
    { role: 'commander', by: INVESTIGATOR, acts: false },
    { role: 'commander', by: ADMIN, acts: true },
    { role: 'investigator', by: INVESTIGATOR, acts: true },
    { role: 'investigator', by: RESPONDER, acts: false },
    { role: 'investigator', by: ADMIN, acts: true },
  ])('$by.userId as $role → $acts', ({ role, by, acts }) => {
    expect(actsAs(incident, role, by)).toBe(acts);
  });
});
