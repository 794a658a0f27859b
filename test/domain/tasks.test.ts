import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../src/domain/incident.ts';
import {
  forcedUpdateTask,
  reconcileTasks,
  statusesReached,
  tasksOnEntering,
} from '../../src/domain/tasks.ts';
import { testPlaybook } from '../support/playbook-fixture.ts';

const playbook = testPlaybook();
const none: ReadonlySet<string> = new Set();

const keysOnEntering = (
  status: IncidentStatus,
  severity: string | null,
  platforms: string[],
  existing: ReadonlySet<string> = none,
) => tasksOnEntering(playbook, status, { severity, platforms }, existing).map((t) => t.key);

describe('tasksOnEntering', () => {
  it.each([
    { status: 'triage', severity: null, platforms: [], keys: ['quick_investigation'] },
    {
      status: 'responding',
      severity: 'SEV2',
      platforms: ['web'],
      keys: ['consider_rollback', 'investigate_cause'],
    },
    {
      status: 'responding',
      severity: 'SEV1',
      platforms: ['web'],
      keys: ['announce_company_wide', 'consider_rollback', 'investigate_cause'],
    },
    {
      status: 'responding',
      severity: 'SEV1',
      platforms: ['ios'],
      keys: ['announce_company_wide', 'investigate_cause'],
    },
    {
      status: 'responding',
      severity: 'SEV3',
      platforms: ['ios', 'android'],
      keys: ['investigate_cause'],
    },
    {
      status: 'responding',
      severity: 'SEV3',
      platforms: ['android', 'web'],
      keys: ['consider_rollback', 'investigate_cause'],
    },
    { status: 'responding', severity: null, platforms: [], keys: ['investigate_cause'] },
    { status: 'monitoring', severity: 'SEV2', platforms: ['web'], keys: ['confirm_no_new_errors'] },
    { status: 'resolved', severity: 'SEV2', platforms: ['web'], keys: [] },
    { status: 'postmortem', severity: 'SEV2', platforms: ['web'], keys: ['write_postmortem'] },
    { status: 'follow_up', severity: 'SEV2', platforms: ['web'], keys: ['review_actions'] },
    { status: 'closed', severity: 'SEV2', platforms: ['web'], keys: [] },
    { status: 'canceled', severity: 'SEV2', platforms: ['web'], keys: [] },
  ] as const)(
    '$status at $severity on $platforms → $keys',
    ({ status, severity, platforms, keys }) => {
      expect(keysOnEntering(status, severity, [...platforms])).toEqual(keys);
    },
  );

  it('leaves out the tasks the incident already has', () => {
    expect(
      keysOnEntering('responding', 'SEV1', ['web'], new Set(['consider_rollback', 'other'])),
    ).toEqual(['announce_company_wide', 'investigate_cause']);
  });

  it('drafts a task with its role, status scope, title and blocks', () => {
    expect(
      tasksOnEntering(playbook, 'monitoring', { severity: 'SEV2', platforms: ['web'] }, none),
    ).toEqual([
      {
        key: 'confirm_no_new_errors',
        role: 'investigator',
        statusScope: 'monitoring',
        title: {
          ja: '新たなエラーログや問い合わせがないことを確認',
          en: 'Confirm no new error logs or inquiries',
        },
        blocks: 'resolved',
      },
    ]);
    expect(tasksOnEntering(playbook, 'triage', { severity: null, platforms: [] }, none)).toEqual([
      {
        key: 'quick_investigation',
        role: 'investigator',
        statusScope: 'triage',
        title: { ja: '再現し影響範囲をざっと確認', en: 'Reproduce and look roughly at the impact' },
        blocks: null,
      },
    ]);
  });
});

describe('reconcileTasks', () => {
  const reached = statusesReached('responding');

  it('escalating to SEV1 adds the SEV1 task; nothing to drop', () => {
    const existing = [
      { key: 'quick_investigation', isOpen: false },
      { key: 'consider_rollback', isOpen: true },
      { key: 'investigate_cause', isOpen: true },
    ];
    const result = reconcileTasks(
      playbook,
      reached,
      { severity: 'SEV1', platforms: ['web'] },
      existing,
    );
    expect({ add: result.add.map((t) => t.key), drop: result.drop }).toEqual({
      add: ['announce_company_wide'],
      drop: [],
    });
  });

  it('lowering from SEV1 drops the open SEV1 task, not a done one', () => {
    const open = reconcileTasks(playbook, reached, { severity: 'SEV2', platforms: ['web'] }, [
      { key: 'announce_company_wide', isOpen: true },
      { key: 'consider_rollback', isOpen: true },
      { key: 'investigate_cause', isOpen: true },
      { key: 'quick_investigation', isOpen: false },
    ]);
    expect(open).toEqual({ add: [], drop: ['announce_company_wide'] });
    const done = reconcileTasks(playbook, reached, { severity: 'SEV2', platforms: ['web'] }, [
      { key: 'announce_company_wide', isOpen: false },
      { key: 'consider_rollback', isOpen: true },
      { key: 'investigate_cause', isOpen: true },
      { key: 'quick_investigation', isOpen: false },
    ]);
    expect(done).toEqual({ add: [], drop: [] });
  });

  it('moving off the web drops the web-only task; tasks not in the playbook stay', () => {
    const result = reconcileTasks(playbook, reached, { severity: 'SEV2', platforms: ['ios'] }, [
      { key: 'consider_rollback', isOpen: true },
      { key: 'investigate_cause', isOpen: true },
      { key: 'quick_investigation', isOpen: true },
      { key: 'set_forced_update:ios', isOpen: true },
    ]);
    expect(result).toEqual({ add: [], drop: ['consider_rollback'] });
  });

  it('adds the missing tasks of every status reached so far', () => {
    const result = reconcileTasks(
      playbook,
      statusesReached('monitoring'),
      { severity: 'SEV1', platforms: ['web'] },
      [],
    );
    expect(result.add.map((t) => [t.statusScope, t.key])).toEqual([
      ['triage', 'quick_investigation'],
      ['responding', 'announce_company_wide'],
      ['responding', 'consider_rollback'],
      ['responding', 'investigate_cause'],
      ['monitoring', 'confirm_no_new_errors'],
    ]);
    expect(result.drop).toEqual([]);
  });
});

describe('forcedUpdateTask', () => {
  it('is the investigator’s, in responding, and blocks resolved', () => {
    expect(forcedUpdateTask('ios', { ja: 'iOS アプリ', en: 'iOS app' })).toEqual({
      key: 'set_forced_update:ios',
      role: 'investigator',
      statusScope: 'responding',
      title: {
        ja: 'iOS アプリ: 審査通過後に強制アップデートを設定する',
        en: 'iOS app: set a forced update once the store approves the build',
      },
      blocks: 'resolved',
    });
  });
});

describe('statusesReached', () => {
  const EXPECTED: Record<IncidentStatus, IncidentStatus[]> = {
    triage: ['triage'],
    responding: ['triage', 'responding'],
    monitoring: ['triage', 'responding', 'monitoring'],
    resolved: ['triage', 'responding', 'monitoring', 'resolved'],
    postmortem: ['triage', 'responding', 'monitoring', 'resolved', 'postmortem'],
    follow_up: ['triage', 'responding', 'monitoring', 'resolved', 'postmortem', 'follow_up'],
    closed: [],
    canceled: [],
  };

  it.each(INCIDENT_STATUSES.map((status) => ({ status, reached: EXPECTED[status] })))(
    '$status → $reached',
    ({ status, reached }) => {
      expect(statusesReached(status)).toEqual(reached);
    },
  );
});
