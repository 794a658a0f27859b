import { describe, expect, it } from 'vitest';
import type { IncidentStatus } from '../../src/domain/incident.ts';
import { buildNowView } from '../../src/domain/now-view.ts';
import {
  ADMIN,
  COMMANDER,
  INVESTIGATOR,
  T0,
  minutesAfter,
  openTask,
  snapshot,
  testPlaybook,
  withSeverity,
} from '../support/playbook-fixture.ts';

const playbook = testPlaybook();
const NOW = minutesAfter(T0, 30);
const BOTH_ROLES = { commander: COMMANDER.userId, investigator: INVESTIGATOR.userId };

describe('buildNowView: roles', () => {
  it('lists every playbook role with holder, duty at the severity and open tasks', () => {
    const cause = openTask({
      key: 'investigate_cause',
      role: 'investigator',
      statusScope: 'responding',
    });
    const incident = snapshot({
      severity: 'SEV1',
      roles: BOTH_ROLES,
      releases: [{ platform: 'web', kind: 'rollback' }],
      openTasks: [cause],
    });
    expect(buildNowView(incident, playbook, NOW)).toEqual({
      status: 'responding',
      next: 'monitoring',
      roles: [
        {
          role: 'commander',
          name: { ja: 'インシデントコマンダー', en: 'Incident commander' },
          holder: 'u-commander',
          duty: { ja: '全社へ速やかに状況を報告', en: 'Report the situation company-wide at once' },
          tasks: [],
        },
        {
          role: 'investigator',
          name: { ja: '調査担当', en: 'Investigator' },
          holder: 'u-investigator',
          duty: {
            ja: '原因を調べ最速の止血策を提案',
            en: 'Find the cause, propose the fastest mitigation',
          },
          tasks: [cause],
        },
      ],
      blockers: [],
      unassignedRoles: [],
    });
  });

  it('has no duty without a severity and lists the unassigned roles', () => {
    const view = buildNowView(snapshot({ status: 'triage', severity: null }), playbook, NOW);
    expect(view.roles.map((r) => ({ role: r.role, holder: r.holder, duty: r.duty }))).toEqual([
      { role: 'commander', holder: null, duty: null },
      { role: 'investigator', holder: null, duty: null },
    ]);
    expect(view.unassignedRoles).toEqual(['commander', 'investigator']);
  });

  it.each<{ roles: Record<string, string>; unassigned: string[] }>([
    { roles: {}, unassigned: ['commander', 'investigator'] },
    { roles: { commander: 'u-1' }, unassigned: ['investigator'] },
    { roles: { investigator: 'u-1' }, unassigned: ['commander'] },
    { roles: { commander: 'u-1', investigator: 'u-2' }, unassigned: [] },
  ])('roles $roles → unassigned $unassigned', ({ roles, unassigned }) => {
    expect(buildNowView(snapshot({ roles }), playbook, NOW).unassignedRoles).toEqual(unassigned);
  });

  it('shows each role the tasks of the current status first, then those left from before', () => {
    const earlier = openTask({
      key: 'quick_investigation',
      role: 'investigator',
      statusScope: 'triage',
    });
    const current = openTask({
      key: 'confirm_no_new_errors',
      role: 'investigator',
      statusScope: 'monitoring',
    });
    const alsoEarlier = openTask({
      key: 'investigate_cause',
      role: 'investigator',
      statusScope: 'responding',
    });
    const commanders = openTask({
      key: 'announce_company_wide',
      role: 'commander',
      statusScope: 'responding',
    });
    const incident = snapshot({
      status: 'monitoring',
      monitoringSince: T0,
      roles: BOTH_ROLES,
      releases: [{ platform: 'web', kind: 'fix' }],
      openTasks: [earlier, commanders, current, alsoEarlier],
    });
    const view = buildNowView(incident, playbook, minutesAfter(T0, 90));
    expect(view.roles.map((r) => ({ role: r.role, tasks: r.tasks.map((t) => t.key) }))).toEqual([
      { role: 'commander', tasks: ['announce_company_wide'] },
      {
        role: 'investigator',
        tasks: ['confirm_no_new_errors', 'quick_investigation', 'investigate_cause'],
      },
    ]);
  });

  it('does not show tasks of a role the playbook does not have', () => {
    const stray = openTask({ key: 'stray', role: 'scribe' });
    const view = buildNowView(snapshot({ openTasks: [stray] }), playbook, NOW);
    expect(view.roles.flatMap((r) => r.tasks)).toEqual([]);
  });
});

describe('buildNowView: next status and its blockers', () => {
  const ROWS: { status: IncidentStatus; next: IncidentStatus | null; blockerCodes: string[] }[] = [
    { status: 'triage', next: 'responding', blockerCodes: ['severity_required'] },
    { status: 'responding', next: 'monitoring', blockerCodes: ['release_required'] },
    { status: 'monitoring', next: 'resolved', blockerCodes: ['convergence_watch_running'] },
    { status: 'resolved', next: 'postmortem', blockerCodes: [] },
    { status: 'postmortem', next: 'follow_up', blockerCodes: ['postmortem_not_started'] },
    { status: 'follow_up', next: 'closed', blockerCodes: ['actions_open'] },
    { status: 'closed', next: null, blockerCodes: [] },
    { status: 'canceled', next: null, blockerCodes: [] },
  ];

  it.each(ROWS)(
    '$status → next $next, blocked by $blockerCodes',
    ({ status, next, blockerCodes }) => {
      // The least-prepared incident in each status: nothing recorded yet.
      const incident = snapshot({
        status,
        severity: status === 'triage' ? null : 'SEV2',
        roles: BOTH_ROLES,
        monitoringSince: status === 'monitoring' ? T0 : null,
        actions: [{ status: 'open' }],
      });
      const view = buildNowView(incident, playbook, NOW);
      expect({
        status: view.status,
        next: view.next,
        codes: view.blockers.map((b) => b.code),
      }).toEqual({
        status,
        next,
        codes: blockerCodes,
      });
    },
  );

  it('shows the watch window to everyone, even with the commander looking, unless an actor is given', () => {
    const incident = snapshot({
      status: 'monitoring',
      roles: BOTH_ROLES,
      monitoringSince: T0,
      releases: [{ platform: 'web', kind: 'fix' }],
    });
    expect(buildNowView(incident, playbook, NOW).blockers).toEqual([
      { code: 'convergence_watch_running', params: { minutes: 30 }, who: ['commander'] },
    ]);
    expect(buildNowView(incident, playbook, NOW, COMMANDER).blockers).toEqual([]);
    expect(buildNowView(incident, playbook, NOW, ADMIN).blockers).toEqual([]);
    expect(buildNowView(incident, playbook, minutesAfter(T0, 60)).blockers).toEqual([]);
  });

  it('lists blocking tasks for the next status with their role', () => {
    const task = openTask({
      key: 'confirm_no_new_errors',
      role: 'investigator',
      statusScope: 'monitoring',
      title: { ja: '確認', en: 'Confirm' },
      blocks: 'resolved',
    });
    const incident = snapshot({
      status: 'monitoring',
      roles: BOTH_ROLES,
      monitoringSince: T0,
      releases: [{ platform: 'web', kind: 'fix' }],
      openTasks: [task],
    });
    expect(buildNowView(incident, playbook, minutesAfter(T0, 120)).blockers).toEqual([
      {
        code: 'task_open',
        params: { task: 'confirm_no_new_errors', titleJa: '確認', titleEn: 'Confirm' },
        who: ['investigator'],
      },
    ]);
  });

  it('goes from resolved to follow_up when the severity needs no postmortem', () => {
    const optional = withSeverity('SEV3', {
      postmortem: { required: false, form: 'short', dueInDays: 14 },
    });
    const view = buildNowView(snapshot({ status: 'resolved', severity: 'SEV3' }), optional, NOW);
    expect({ next: view.next, blockers: view.blockers }).toEqual({
      next: 'follow_up',
      blockers: [],
    });
  });

  it('explains a postmortem that is written but not published', () => {
    const incident = snapshot({
      status: 'postmortem',
      postmortem: { status: 'draft', missingRequired: ['timeline', 'root_cause'] },
    });
    expect(buildNowView(incident, playbook, NOW).blockers).toEqual([
      {
        code: 'postmortem_sections_missing',
        params: { sections: 'timeline, root_cause' },
        who: ['commander', 'investigator'],
      },
      { code: 'postmortem_not_published', params: {}, who: ['commander'] },
    ]);
  });
});
