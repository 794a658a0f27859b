import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.ts';
import { BLOCKER_CODES, type Blocker } from '../../src/domain/blockers.ts';
import {
  actorHolds,
  allowedTransitions,
  blockersFor,
  canDecideAsCommander,
  nextStatus,
  planTransition,
  type TransitionPlan,
} from '../../src/domain/incident-lifecycle.ts';
import {
  INCIDENT_STATUSES,
  type IncidentSnapshot,
  type IncidentStatus,
  type Milestone,
} from '../../src/domain/incident.ts';
import { expectDomainError } from '../support/domain-error.ts';
import {
  ADMIN,
  COMMANDER,
  INVESTIGATOR,
  RESPONDER,
  T0,
  VIEWER,
  actor,
  minutesAfter,
  openTask,
  snapshot,
  testPlaybook,
  withSeverity,
} from '../support/playbook-fixture.ts';

const playbook = testPlaybook();
/** Two hours after T0: past every default watch window. */
const NOW = minutesAfter(T0, 120);
const NOTE = 'False alarm: a synthetic check misfired';
const BOTH_ROLES = { commander: COMMANDER.userId, investigator: INVESTIGATOR.userId };

/** An incident in `status` whose every guard for the forward move is satisfied. */
function ready(
  status: IncidentStatus,
  overrides: Partial<IncidentSnapshot> = {},
): IncidentSnapshot {
  const hasPostmortem = status === 'postmortem' || status === 'follow_up' || status === 'closed';
  return snapshot({
    status,
    roles: BOTH_ROLES,
    releases: status === 'triage' ? [] : [{ platform: 'web', kind: 'fix' }],
    monitoringSince: status === 'monitoring' ? T0 : null,
    postmortem: hasPostmortem ? { status: 'published', missingRequired: [] } : null,
    actions: [{ status: 'done' }, { status: 'deferred' }],
    ...overrides,
  });
}

function plan(
  incident: IncidentSnapshot,
  to: IncidentStatus,
  by: Actor = COMMANDER,
  options: { now?: Date; note?: string; playbook?: typeof playbook } = {},
): TransitionPlan {
  return planTransition(
    incident,
    { to, actor: by, now: options.now ?? NOW, note: options.note },
    options.playbook ?? playbook,
  );
}

function expectBlocked(
  fn: () => unknown,
  from: IncidentStatus,
  to: IncidentStatus,
  blockers: Blocker[],
): void {
  expectDomainError(fn, 'transition_blocked', { from, to }, blockers);
}

const TABLE_TEXT: Record<IncidentStatus, string> = {
  triage: 'responding, canceled',
  responding: 'monitoring, canceled',
  monitoring: 'resolved, responding, canceled',
  resolved: 'postmortem, follow_up, responding',
  postmortem: 'follow_up',
  follow_up: 'closed',
  closed: '-',
  canceled: '-',
};

describe('the transition table', () => {
  it.each(INCIDENT_STATUSES.map((status) => ({ status })))(
    'allowedTransitions($status)',
    ({ status }) => {
      const text = TABLE_TEXT[status];
      expect(allowedTransitions(status)).toEqual(text === '-' ? [] : text.split(', '));
    },
  );

  /** Every move the default playbook allows, with what it sets. */
  const ALLOWED: {
    from: IncidentStatus;
    to: IncidentStatus;
    kind: TransitionPlan['kind'];
    milestones: Partial<Record<Milestone, Date>>;
    monitoringSince: Date | null;
  }[] = [
    { from: 'triage', to: 'responding', kind: 'forward', milestones: {}, monitoringSince: null },
    {
      from: 'triage',
      to: 'canceled',
      kind: 'cancel',
      milestones: { canceled_at: NOW },
      monitoringSince: null,
    },
    { from: 'responding', to: 'monitoring', kind: 'forward', milestones: {}, monitoringSince: NOW },
    {
      from: 'responding',
      to: 'canceled',
      kind: 'cancel',
      milestones: { canceled_at: NOW },
      monitoringSince: null,
    },
    {
      from: 'monitoring',
      to: 'resolved',
      kind: 'forward',
      milestones: { resolved_at: NOW },
      monitoringSince: null,
    },
    { from: 'monitoring', to: 'responding', kind: 'reopen', milestones: {}, monitoringSince: null },
    {
      from: 'monitoring',
      to: 'canceled',
      kind: 'cancel',
      milestones: { canceled_at: NOW },
      monitoringSince: null,
    },
    { from: 'resolved', to: 'postmortem', kind: 'forward', milestones: {}, monitoringSince: null },
    { from: 'resolved', to: 'responding', kind: 'reopen', milestones: {}, monitoringSince: null },
    { from: 'postmortem', to: 'follow_up', kind: 'forward', milestones: {}, monitoringSince: null },
    {
      from: 'follow_up',
      to: 'closed',
      kind: 'forward',
      milestones: { closed_at: NOW },
      monitoringSince: null,
    },
  ];

  const isAllowed = (from: IncidentStatus, to: IncidentStatus) =>
    ALLOWED.some((row) => row.from === from && row.to === to);

  const REFUSED = INCIDENT_STATUSES.flatMap((from) =>
    INCIDENT_STATUSES.filter((to) => !isAllowed(from, to)).map((to) => ({
      from,
      to,
      // resolved → follow_up is in the table, but only when the severity needs no postmortem.
      allowed:
        from === 'resolved' && to === 'follow_up' ? 'postmortem, responding' : TABLE_TEXT[from],
    })),
  );

  it('covers every status × every status', () => {
    expect(ALLOWED.length + REFUSED.length).toBe(INCIDENT_STATUSES.length ** 2);
    expect(REFUSED.length).toBe(53);
  });

  it.each(ALLOWED)('$from → $to is allowed when its guards are met', (row) => {
    expect(plan(ready(row.from), row.to, COMMANDER, { note: NOTE })).toEqual({
      from: row.from,
      to: row.to,
      milestones: row.milestones,
      monitoringSince: row.monitoringSince,
      kind: row.kind,
      isExplicitDecision: false,
    });
  });

  it.each(REFUSED)('$from → $to is not a move: invalid_transition', ({ from, to, allowed }) => {
    expectDomainError(() => plan(ready(from), to, ADMIN, { note: NOTE }), 'invalid_transition', {
      from,
      to,
      allowed,
    });
  });
});

describe('triage → responding needs a severity', () => {
  it('is refused without a severity, for any actor', () => {
    for (const by of [COMMANDER, ADMIN]) {
      expectBlocked(
        () => plan(ready('triage', { severity: null }), 'responding', by),
        'triage',
        'responding',
        [{ code: 'severity_required', params: {}, who: ['responder'] }],
      );
    }
  });

  it.each(['SEV1', 'SEV2', 'SEV3'])('is allowed with %s', (severity) => {
    expect(plan(ready('triage', { severity }), 'responding', RESPONDER).to).toBe('responding');
  });

  it('sets declared_at when the incident has none yet', () => {
    expect(plan(ready('triage', { milestones: {} }), 'responding').milestones).toEqual({
      declared_at: NOW,
    });
  });
});

describe('responding → monitoring needs a release or a rollback', () => {
  it('is refused with no release recorded', () => {
    expectBlocked(
      () => plan(ready('responding', { releases: [] }), 'monitoring', ADMIN),
      'responding',
      'monitoring',
      [{ code: 'release_required', params: {}, who: ['investigator', 'commander'] }],
    );
  });

  it.each([
    { releases: [{ platform: 'web', kind: 'fix' as const }] },
    { releases: [{ platform: 'web', kind: 'rollback' as const }] },
    {
      releases: [
        { platform: 'ios', kind: 'fix' as const },
        { platform: 'web', kind: 'rollback' as const },
      ],
    },
  ])('is allowed with releases $releases', ({ releases }) => {
    expect(plan(ready('responding', { releases }), 'monitoring', RESPONDER)).toEqual({
      from: 'responding',
      to: 'monitoring',
      milestones: {},
      monitoringSince: NOW,
      kind: 'forward',
      isExplicitDecision: false,
    });
  });
});

describe('monitoring → resolved: the convergence watch', () => {
  const watching = (overrides: Partial<IncidentSnapshot> = {}) =>
    ready('monitoring', { monitoringSince: T0, ...overrides });
  const resolvedPlan = (isExplicitDecision: boolean, now: Date): TransitionPlan => ({
    from: 'monitoring',
    to: 'resolved',
    milestones: { resolved_at: now },
    monitoringSince: null,
    kind: 'forward',
    isExplicitDecision,
  });

  it.each([
    { severity: 'SEV1', elapsed: 0, minutes: 60 },
    { severity: 'SEV1', elapsed: 20, minutes: 40 },
    { severity: 'SEV2', elapsed: 45, minutes: 15 },
    { severity: 'SEV2', elapsed: 59.5, minutes: 1 },
    { severity: 'SEV3', elapsed: 10, minutes: 20 },
    { severity: 'SEV3', elapsed: 29.5, minutes: 1 },
  ])(
    '$severity after $elapsed min is refused for a non-commander: $minutes min left',
    ({ severity, elapsed, minutes }) => {
      for (const by of [RESPONDER, INVESTIGATOR, VIEWER]) {
        expectBlocked(
          () => plan(watching({ severity }), 'resolved', by, { now: minutesAfter(T0, elapsed) }),
          'monitoring',
          'resolved',
          [{ code: 'convergence_watch_running', params: { minutes }, who: ['commander'] }],
        );
      }
    },
  );

  it.each([
    { who: 'the commander', by: COMMANDER },
    { who: 'an admin', by: ADMIN },
  ])('is allowed for $who inside the window, as an explicit decision', ({ by }) => {
    const now = minutesAfter(T0, 5);
    expect(plan(watching(), 'resolved', by, { now })).toEqual(resolvedPlan(true, now));
  });

  it.each([
    { severity: 'SEV1', elapsed: 60 },
    { severity: 'SEV2', elapsed: 60 },
    { severity: 'SEV3', elapsed: 30 },
    { severity: 'SEV3', elapsed: 600 },
  ])(
    '$severity is allowed for anyone after $elapsed min, not as a decision',
    ({ severity, elapsed }) => {
      const now = minutesAfter(T0, elapsed);
      for (const by of [RESPONDER, VIEWER, COMMANDER, ADMIN]) {
        expect(plan(watching({ severity }), 'resolved', by, { now })).toEqual(
          resolvedPlan(false, now),
        );
      }
    },
  );

  it('a new signal restarts the window', () => {
    const incident = watching({ lastSignalAt: minutesAfter(T0, 50) });
    // 70 min after monitoring began, but only 20 after the last signal.
    expectBlocked(
      () => plan(incident, 'resolved', RESPONDER, { now: minutesAfter(T0, 70) }),
      'monitoring',
      'resolved',
      [{ code: 'convergence_watch_running', params: { minutes: 40 }, who: ['commander'] }],
    );
    expect(plan(incident, 'resolved', COMMANDER, { now: minutesAfter(T0, 70) })).toEqual(
      resolvedPlan(true, minutesAfter(T0, 70)),
    );
    expect(plan(incident, 'resolved', RESPONDER, { now: minutesAfter(T0, 110) })).toEqual(
      resolvedPlan(false, minutesAfter(T0, 110)),
    );
  });

  it('a signal from before monitoring began does not restart the window', () => {
    const incident = watching({ lastSignalAt: minutesAfter(T0, -30) });
    expect(plan(incident, 'resolved', RESPONDER, { now: minutesAfter(T0, 60) })).toEqual(
      resolvedPlan(false, minutesAfter(T0, 60)),
    );
  });

  it('without a commander any responder may decide, a viewer may not', () => {
    const incident = watching({ roles: { investigator: INVESTIGATOR.userId } });
    const now = minutesAfter(T0, 10);
    expect(plan(incident, 'resolved', RESPONDER, { now })).toEqual(resolvedPlan(true, now));
    expectBlocked(() => plan(incident, 'resolved', VIEWER, { now }), 'monitoring', 'resolved', [
      { code: 'convergence_watch_running', params: { minutes: 50 }, who: ['commander'] },
    ]);
  });

  it('uses the watch window of the severity in the playbook', () => {
    const longer = withSeverity('SEV3', { convergenceWatchMinutes: 90 });
    expectBlocked(
      () =>
        plan(watching({ severity: 'SEV3' }), 'resolved', RESPONDER, {
          now: minutesAfter(T0, 45),
          playbook: longer,
        }),
      'monitoring',
      'resolved',
      [{ code: 'convergence_watch_running', params: { minutes: 45 }, who: ['commander'] }],
    );
  });
});

describe('resolved → postmortem and resolved → follow_up', () => {
  it('resolved → postmortem opens the postmortem stage', () => {
    expect(plan(ready('resolved'), 'postmortem', RESPONDER)).toEqual({
      from: 'resolved',
      to: 'postmortem',
      milestones: {},
      monitoringSince: null,
      kind: 'forward',
      isExplicitDecision: false,
    });
  });

  it.each(['SEV1', 'SEV2', 'SEV3'])(
    'resolved → follow_up is not a move when %s requires a postmortem',
    (severity) => {
      expectDomainError(
        () => plan(ready('resolved', { severity }), 'follow_up', ADMIN),
        'invalid_transition',
        { from: 'resolved', to: 'follow_up', allowed: 'postmortem, responding' },
      );
    },
  );

  it('resolved → follow_up is allowed when the severity needs no postmortem', () => {
    const optional = withSeverity('SEV3', {
      postmortem: { required: false, form: 'short', dueInDays: 14 },
    });
    expect(
      plan(ready('resolved', { severity: 'SEV3' }), 'follow_up', RESPONDER, { playbook: optional }),
    ).toEqual({
      from: 'resolved',
      to: 'follow_up',
      milestones: {},
      monitoringSince: null,
      kind: 'forward',
      isExplicitDecision: false,
    });
    // Other severities still need theirs.
    expectDomainError(
      () =>
        plan(ready('resolved', { severity: 'SEV2' }), 'follow_up', RESPONDER, {
          playbook: optional,
        }),
      'invalid_transition',
      { from: 'resolved', to: 'follow_up', allowed: 'postmortem, responding' },
    );
  });
});

describe('postmortem → follow_up needs the postmortem written and published', () => {
  const notStarted: Blocker = { code: 'postmortem_not_started', params: {}, who: ['commander'] };
  const notPublished: Blocker = {
    code: 'postmortem_not_published',
    params: {},
    who: ['commander'],
  };
  const missing = (sections: string): Blocker => ({
    code: 'postmortem_sections_missing',
    params: { sections },
    who: ['commander', 'investigator'],
  });

  it.each([
    { name: 'no postmortem', postmortem: null, blockers: [notStarted] },
    {
      name: 'a draft missing two required sections',
      postmortem: { status: 'draft' as const, missingRequired: ['impact', 'root_cause'] },
      blockers: [missing('impact, root_cause'), notPublished],
    },
    {
      name: 'a complete draft',
      postmortem: { status: 'draft' as const, missingRequired: [] },
      blockers: [notPublished],
    },
    {
      name: 'a published one missing a section',
      postmortem: { status: 'published' as const, missingRequired: ['timeline'] },
      blockers: [missing('timeline')],
    },
  ])('is refused with $name', ({ postmortem, blockers }) => {
    expectBlocked(
      () => plan(ready('postmortem', { postmortem }), 'follow_up', ADMIN),
      'postmortem',
      'follow_up',
      blockers,
    );
  });

  it('is allowed once published with every required section', () => {
    const incident = ready('postmortem', {
      postmortem: { status: 'published', missingRequired: [] },
    });
    expect(plan(incident, 'follow_up', RESPONDER).to).toBe('follow_up');
  });
});

describe('follow_up → closed needs every action done or deferred', () => {
  it.each([
    { actions: ['open'] as const, count: 1 },
    { actions: ['in_progress'] as const, count: 1 },
    { actions: ['open', 'in_progress', 'done', 'deferred'] as const, count: 2 },
  ])('is refused with actions $actions', ({ actions, count }) => {
    expectBlocked(
      () =>
        plan(
          ready('follow_up', { actions: actions.map((status) => ({ status })) }),
          'closed',
          ADMIN,
        ),
      'follow_up',
      'closed',
      [{ code: 'actions_open', params: { count }, who: ['responder'] }],
    );
  });

  it.each([
    { actions: [] as const },
    { actions: ['done'] as const },
    { actions: ['deferred'] as const },
    { actions: ['done', 'deferred', 'done'] as const },
  ])('is allowed with actions $actions and sets closed_at', ({ actions }) => {
    const incident = ready('follow_up', { actions: actions.map((status) => ({ status })) });
    expect(plan(incident, 'closed', RESPONDER)).toEqual({
      from: 'follow_up',
      to: 'closed',
      milestones: { closed_at: NOW },
      monitoringSince: null,
      kind: 'forward',
      isExplicitDecision: false,
    });
  });
});

describe('cancel (false alarm)', () => {
  const reasonRequired: Blocker = { code: 'reason_required', params: {}, who: ['commander'] };
  const decisionRequired: Blocker = {
    code: 'commander_decision_required',
    params: {},
    who: ['commander', 'admin'],
  };
  const noCommander = { investigator: INVESTIGATOR.userId };

  const SCENARIOS: {
    name: string;
    by: Actor;
    note: string | undefined;
    roles: Record<string, string>;
    blockers: Blocker[];
  }[] = [
    {
      name: 'the commander with a reason',
      by: COMMANDER,
      note: NOTE,
      roles: BOTH_ROLES,
      blockers: [],
    },
    { name: 'an admin with a reason', by: ADMIN, note: NOTE, roles: BOTH_ROLES, blockers: [] },
    {
      name: 'a responder, no commander',
      by: RESPONDER,
      note: NOTE,
      roles: noCommander,
      blockers: [],
    },
    {
      name: 'the commander without a reason',
      by: COMMANDER,
      note: undefined,
      roles: BOTH_ROLES,
      blockers: [reasonRequired],
    },
    {
      name: 'the commander with a blank reason',
      by: COMMANDER,
      note: '  \n ',
      roles: BOTH_ROLES,
      blockers: [reasonRequired],
    },
    {
      name: 'a responder while a commander exists',
      by: RESPONDER,
      note: NOTE,
      roles: BOTH_ROLES,
      blockers: [decisionRequired],
    },
    {
      name: 'the investigator',
      by: INVESTIGATOR,
      note: NOTE,
      roles: BOTH_ROLES,
      blockers: [decisionRequired],
    },
    {
      name: 'a viewer, no commander',
      by: VIEWER,
      note: NOTE,
      roles: noCommander,
      blockers: [decisionRequired],
    },
    {
      name: 'a responder without a reason',
      by: RESPONDER,
      note: undefined,
      roles: BOTH_ROLES,
      blockers: [reasonRequired, decisionRequired],
    },
  ];

  const ROWS = (['triage', 'responding', 'monitoring'] as const).flatMap((from) =>
    SCENARIOS.map((scenario) => ({ from, ...scenario })),
  );

  it.each(ROWS)('$from → canceled by $name', ({ from, by, note, roles, blockers }) => {
    // Inside the watch window and with no release: cancel does not care.
    const incident = snapshot({
      status: from,
      severity: from === 'triage' ? null : 'SEV1',
      roles,
      monitoringSince: from === 'monitoring' ? T0 : null,
    });
    const now = minutesAfter(T0, 1);
    const run = () => planTransition(incident, { to: 'canceled', actor: by, now, note }, playbook);
    if (blockers.length === 0) {
      expect(run()).toEqual({
        from,
        to: 'canceled',
        milestones: { canceled_at: now },
        monitoringSince: null,
        kind: 'cancel',
        isExplicitDecision: false,
      });
    } else {
      expectBlocked(run, from, 'canceled', blockers);
    }
  });

  it.each([
    { from: 'resolved' as const, allowed: 'postmortem, follow_up, responding' },
    { from: 'postmortem' as const, allowed: 'follow_up' },
    { from: 'follow_up' as const, allowed: 'closed' },
    { from: 'closed' as const, allowed: '-' },
    { from: 'canceled' as const, allowed: '-' },
  ])('is refused from $from, even for an admin', ({ from, allowed }) => {
    expectDomainError(
      () => plan(ready(from), 'canceled', ADMIN, { note: NOTE }),
      'invalid_transition',
      {
        from,
        to: 'canceled',
        allowed,
      },
    );
  });
});

describe('reopening', () => {
  const firstMilestones = {
    detected_at: T0,
    reported_at: T0,
    declared_at: T0,
    acknowledged_at: minutesAfter(T0, 5),
    mitigated_at: minutesAfter(T0, 20),
    released_at: minutesAfter(T0, 30),
  };

  it.each([
    { from: 'monitoring' as const, milestones: firstMilestones },
    {
      from: 'resolved' as const,
      milestones: { ...firstMilestones, resolved_at: minutesAfter(T0, 90) },
    },
  ])('$from → responding is a reopen that keeps every milestone', ({ from, milestones }) => {
    // A reopen needs no role: whoever sees the problem again may reopen.
    expect(plan(ready(from, { milestones }), 'responding', RESPONDER)).toEqual({
      from,
      to: 'responding',
      milestones: {},
      monitoringSince: null,
      kind: 'reopen',
      isExplicitDecision: false,
    });
  });

  it('after a reopen, monitoring restarts and resolving again records the latest resolution', () => {
    const milestones = { ...firstMilestones, resolved_at: minutesAfter(T0, 90) };
    const again = plan(ready('responding', { milestones }), 'monitoring', RESPONDER, {
      now: minutesAfter(T0, 150),
    });
    expect(again.monitoringSince).toEqual(minutesAfter(T0, 150));
    expect(again.milestones).toEqual({});
    const monitoring = ready('monitoring', { milestones, monitoringSince: minutesAfter(T0, 150) });
    expect(
      plan(monitoring, 'resolved', RESPONDER, { now: minutesAfter(T0, 210) }).milestones,
    ).toEqual({
      resolved_at: minutesAfter(T0, 210),
    });
  });
});

describe('a task with `blocks` holds the incident out of that status', () => {
  const FORWARD: { from: IncidentStatus; to: IncidentStatus }[] = [
    { from: 'triage', to: 'responding' },
    { from: 'responding', to: 'monitoring' },
    { from: 'monitoring', to: 'resolved' },
    { from: 'resolved', to: 'postmortem' },
    { from: 'postmortem', to: 'follow_up' },
    { from: 'follow_up', to: 'closed' },
  ];

  it.each(FORWARD)(
    'an open task blocking $to refuses $from → $to, even for an admin',
    ({ from, to }) => {
      const task = openTask({
        key: 'confirm_no_new_errors',
        role: 'investigator',
        statusScope: from,
        title: { ja: 'エラーがないことを確認', en: 'Confirm no errors' },
        blocks: to,
      });
      expectBlocked(() => plan(ready(from, { openTasks: [task] }), to, ADMIN), from, to, [
        {
          code: 'task_open',
          params: {
            task: 'confirm_no_new_errors',
            titleJa: 'エラーがないことを確認',
            titleEn: 'Confirm no errors',
          },
          who: ['investigator'],
        },
      ]);
    },
  );

  it.each(FORWARD)('tasks blocking other statuses do not refuse $from → $to', ({ from, to }) => {
    const openTasks = [
      openTask({ key: 'no_block', blocks: null }),
      ...INCIDENT_STATUSES.filter((s) => s !== to).map((s) =>
        openTask({ key: `blocks_${s}`, blocks: s }),
      ),
    ];
    expect(plan(ready(from, { openTasks }), to, ADMIN).to).toBe(to);
  });

  it('lists every blocking task, then the guards, with the role of each', () => {
    const incident = ready('monitoring', {
      openTasks: [
        openTask({
          key: 'a',
          role: 'investigator',
          blocks: 'resolved',
          title: { ja: 'A', en: 'A' },
        }),
        openTask({ key: 'b', role: 'commander', blocks: 'resolved', title: { ja: 'B', en: 'B' } }),
      ],
    });
    expectBlocked(
      () => plan(incident, 'resolved', RESPONDER, { now: minutesAfter(T0, 30) }),
      'monitoring',
      'resolved',
      [
        {
          code: 'task_open',
          params: { task: 'a', titleJa: 'A', titleEn: 'A' },
          who: ['investigator'],
        },
        {
          code: 'task_open',
          params: { task: 'b', titleJa: 'B', titleEn: 'B' },
          who: ['commander'],
        },
        { code: 'convergence_watch_running', params: { minutes: 30 }, who: ['commander'] },
      ],
    );
  });
});

describe('blockersFor: every blocker says who can lift it', () => {
  const ROWS: {
    code: (typeof BLOCKER_CODES)[number];
    incident: IncidentSnapshot;
    to: IncidentStatus;
    actor: Actor | null;
    note?: string;
    who: string[];
  }[] = [
    {
      code: 'severity_required',
      incident: ready('triage', { severity: null }),
      to: 'responding',
      actor: null,
      who: ['responder'],
    },
    {
      code: 'release_required',
      incident: ready('responding', { releases: [] }),
      to: 'monitoring',
      actor: null,
      who: ['investigator', 'commander'],
    },
    {
      code: 'convergence_watch_running',
      incident: ready('monitoring', { monitoringSince: NOW }),
      to: 'resolved',
      actor: null,
      who: ['commander'],
    },
    {
      code: 'task_open',
      incident: ready('monitoring', {
        openTasks: [openTask({ key: 't', role: 'commander', blocks: 'resolved' })],
      }),
      to: 'resolved',
      actor: null,
      who: ['commander'],
    },
    {
      code: 'postmortem_not_started',
      incident: ready('postmortem', { postmortem: null }),
      to: 'follow_up',
      actor: null,
      who: ['commander'],
    },
    {
      code: 'postmortem_not_published',
      incident: ready('postmortem', { postmortem: { status: 'draft', missingRequired: [] } }),
      to: 'follow_up',
      actor: null,
      who: ['commander'],
    },
    {
      code: 'postmortem_sections_missing',
      incident: ready('postmortem', {
        postmortem: { status: 'published', missingRequired: ['impact'] },
      }),
      to: 'follow_up',
      actor: null,
      who: ['commander', 'investigator'],
    },
    {
      code: 'actions_open',
      incident: ready('follow_up', { actions: [{ status: 'open' }] }),
      to: 'closed',
      actor: null,
      who: ['responder'],
    },
    {
      code: 'reason_required',
      incident: ready('responding'),
      to: 'canceled',
      actor: null,
      who: ['commander'],
    },
    {
      code: 'commander_decision_required',
      incident: ready('responding'),
      to: 'canceled',
      actor: RESPONDER,
      note: NOTE,
      who: ['commander', 'admin'],
    },
  ];

  it('the table names every blocker code', () => {
    expect(ROWS.map((r) => r.code).sort()).toEqual([...BLOCKER_CODES].sort());
  });

  it.each(ROWS)('$code → who $who', ({ code, incident, to, actor: by, note, who }) => {
    const found = blockersFor(incident, to, playbook, { actor: by, now: NOW, note });
    expect(found.map((b) => ({ code: b.code, who: b.who }))).toEqual([{ code, who }]);
  });

  it('with no actor (the shared view) a cancel with a reason shows no blocker', () => {
    expect(
      blockersFor(ready('monitoring'), 'canceled', playbook, { actor: null, now: NOW, note: NOTE }),
    ).toEqual([]);
  });
});

describe('nextStatus', () => {
  const optional = withSeverity('SEV2', {
    postmortem: { required: false, form: 'full', dueInDays: 7 },
  });

  it.each([
    { status: 'triage', next: 'responding', nextWithoutPostmortem: 'responding' },
    { status: 'responding', next: 'monitoring', nextWithoutPostmortem: 'monitoring' },
    { status: 'monitoring', next: 'resolved', nextWithoutPostmortem: 'resolved' },
    { status: 'resolved', next: 'postmortem', nextWithoutPostmortem: 'follow_up' },
    { status: 'postmortem', next: 'follow_up', nextWithoutPostmortem: 'follow_up' },
    { status: 'follow_up', next: 'closed', nextWithoutPostmortem: 'closed' },
    { status: 'closed', next: null, nextWithoutPostmortem: null },
    { status: 'canceled', next: null, nextWithoutPostmortem: null },
  ] as const)('$status → $next ($nextWithoutPostmortem when no postmortem is required)', (row) => {
    const incident = snapshot({ status: row.status });
    expect(nextStatus(incident, playbook)).toBe(row.next);
    expect(nextStatus(incident, optional)).toBe(row.nextWithoutPostmortem);
  });

  it('an incident without a severity is taken to need a postmortem', () => {
    expect(nextStatus(snapshot({ status: 'resolved', severity: null }), playbook)).toBe(
      'postmortem',
    );
  });
});

describe('canDecideAsCommander and actorHolds', () => {
  it.each<{ name: string; roles: Record<string, string>; by: Actor; decides: boolean }>([
    { name: 'the commander', roles: BOTH_ROLES, by: COMMANDER, decides: true },
    { name: 'an admin', roles: BOTH_ROLES, by: ADMIN, decides: true },
    { name: 'the investigator', roles: BOTH_ROLES, by: INVESTIGATOR, decides: false },
    { name: 'another responder', roles: BOTH_ROLES, by: RESPONDER, decides: false },
    { name: 'a responder, no commander', roles: {}, by: RESPONDER, decides: true },
    { name: 'a viewer, no commander', roles: {}, by: VIEWER, decides: false },
    { name: 'an admin, no commander', roles: {}, by: ADMIN, decides: true },
    {
      name: 'a viewer holding commander',
      roles: { commander: 'u-v' },
      by: actor('u-v', 'viewer'),
      decides: true,
    },
  ])('$name → $decides', ({ roles, by, decides }) => {
    expect(canDecideAsCommander(snapshot({ roles }), by)).toBe(decides);
  });

  it('actorHolds is true only for the holder of that role', () => {
    const incident = snapshot({ roles: BOTH_ROLES });
    expect(actorHolds(incident, 'commander', COMMANDER)).toBe(true);
    expect(actorHolds(incident, 'investigator', COMMANDER)).toBe(false);
    expect(actorHolds(incident, 'commander', ADMIN)).toBe(false);
    expect(actorHolds(incident, 'scribe', COMMANDER)).toBe(false);
  });
});
