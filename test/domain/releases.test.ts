import { describe, expect, it } from 'vitest';
import type { Milestones, ReleaseKind } from '../../src/domain/incident.ts';
import type { PlatformDefinition } from '../../src/domain/playbook.ts';
import { checkStoreProgress, planRelease } from '../../src/domain/releases.ts';
import { expectDomainError } from '../support/domain-error.ts';
import { T0, minutesAfter, openTask, snapshot, testPlaybook } from '../support/playbook-fixture.ts';

const playbook = testPlaybook();
const NOW = minutesAfter(T0, 40);
const [WEB, IOS, ANDROID] = playbook.platforms as [
  PlatformDefinition,
  PlatformDefinition,
  PlatformDefinition,
];

describe('planRelease: rollbacks', () => {
  it.each([
    { platform: 'ios', nameJa: 'iOS アプリ', nameEn: 'iOS app' },
    { platform: 'android', nameJa: 'Android アプリ', nameEn: 'Android app' },
  ])('refuses a rollback on $platform: rollback_not_possible', ({ platform, nameJa, nameEn }) => {
    const incident = snapshot({ platforms: [platform] });
    expectDomainError(
      () => planRelease(incident, { platform, kind: 'rollback', now: NOW }, playbook),
      'rollback_not_possible',
      { platform, nameJa, nameEn },
    );
  });

  it('allows a rollback on web: it mitigates, it is not a release', () => {
    expect(
      planRelease(snapshot(), { platform: 'web', kind: 'rollback', now: NOW }, playbook),
    ).toEqual({
      platform: WEB,
      kind: 'rollback',
      milestones: { mitigated_at: NOW },
      tasks: [],
      addsPlatform: false,
    });
  });

  it('follows the playbook: a platform that can roll back may', () => {
    const rollbackApps = testPlaybook({
      platforms: playbook.platforms.map((p) =>
        p.id === 'android' ? { ...p, canRollback: true } : p,
      ),
    });
    const plan = planRelease(
      snapshot({ platforms: ['android'] }),
      { platform: 'android', kind: 'rollback', now: NOW },
      rollbackApps,
    );
    expect(plan.milestones).toEqual({ mitigated_at: NOW });
    expect(plan.tasks).toEqual([]);
  });
});

describe('planRelease: fixes', () => {
  const forcedUpdate = (platform: string, ja: string, en: string) => ({
    key: `set_forced_update:${platform}`,
    role: 'investigator',
    statusScope: 'responding',
    title: {
      ja: `${ja}: 審査通過後に強制アップデートを設定する`,
      en: `${en}: set a forced update once the store approves the build`,
    },
    blocks: 'resolved',
  });

  it.each([
    { platform: IOS, task: forcedUpdate('ios', 'iOS アプリ', 'iOS app') },
    { platform: ANDROID, task: forcedUpdate('android', 'Android アプリ', 'Android app') },
  ])('a fix on $platform.id adds the forced-update task', ({ platform, task }) => {
    const incident = snapshot({ platforms: [platform.id] });
    expect(
      planRelease(incident, { platform: platform.id, kind: 'fix', now: NOW }, playbook),
    ).toEqual({
      platform,
      kind: 'fix',
      milestones: { mitigated_at: NOW, released_at: NOW },
      tasks: [task],
      addsPlatform: false,
    });
  });

  it('a second fix on ios while the task is open does not add it again', () => {
    const incident = snapshot({
      platforms: ['ios'],
      releases: [{ platform: 'ios', kind: 'fix' }],
      milestones: { declared_at: T0, mitigated_at: T0, released_at: T0 },
      openTasks: [openTask({ key: 'set_forced_update:ios', blocks: 'resolved' })],
    });
    expect(planRelease(incident, { platform: 'ios', kind: 'fix', now: NOW }, playbook)).toEqual({
      platform: IOS,
      kind: 'fix',
      milestones: {},
      tasks: [],
      addsPlatform: false,
    });
  });

  it('an open forced-update task of ios does not stop the android one', () => {
    const incident = snapshot({
      platforms: ['ios', 'android'],
      openTasks: [openTask({ key: 'set_forced_update:ios', blocks: 'resolved' })],
    });
    const plan = planRelease(incident, { platform: 'android', kind: 'fix', now: NOW }, playbook);
    expect(plan.tasks.map((t) => t.key)).toEqual(['set_forced_update:android']);
  });

  it('a fix on web adds no task', () => {
    expect(planRelease(snapshot(), { platform: 'web', kind: 'fix', now: NOW }, playbook)).toEqual({
      platform: WEB,
      kind: 'fix',
      milestones: { mitigated_at: NOW, released_at: NOW },
      tasks: [],
      addsPlatform: false,
    });
  });

  it('a release on a platform the incident did not list adds it', () => {
    const incident = snapshot({ platforms: ['web'] });
    expect(
      planRelease(incident, { platform: 'android', kind: 'fix', now: NOW }, playbook).addsPlatform,
    ).toBe(true);
  });
});

describe('planRelease: milestones are set only the first time', () => {
  const EARLIER = minutesAfter(T0, 10);
  const ROWS: { name: string; kind: ReleaseKind; milestones: Milestones; expected: Milestones }[] =
    [
      {
        name: 'first fix',
        kind: 'fix',
        milestones: {},
        expected: { mitigated_at: NOW, released_at: NOW },
      },
      { name: 'first rollback', kind: 'rollback', milestones: {}, expected: { mitigated_at: NOW } },
      {
        name: 'fix after a rollback',
        kind: 'fix',
        milestones: { mitigated_at: EARLIER },
        expected: { released_at: NOW },
      },
      {
        name: 'rollback after a fix',
        kind: 'rollback',
        milestones: { mitigated_at: EARLIER, released_at: EARLIER },
        expected: {},
      },
      {
        name: 'second fix',
        kind: 'fix',
        milestones: { mitigated_at: EARLIER, released_at: EARLIER },
        expected: {},
      },
      {
        name: 'fix with cleared milestones',
        kind: 'fix',
        milestones: { mitigated_at: null, released_at: null },
        expected: { mitigated_at: NOW, released_at: NOW },
      },
    ];

  it.each(ROWS)('$name → $expected', ({ kind, milestones, expected }) => {
    const incident = snapshot({ milestones: { declared_at: T0, ...milestones } });
    expect(planRelease(incident, { platform: 'web', kind, now: NOW }, playbook).milestones).toEqual(
      expected,
    );
  });
});

describe('planRelease: refusals', () => {
  it('refuses an unknown platform', () => {
    expectDomainError(
      () => planRelease(snapshot(), { platform: 'windows', kind: 'fix', now: NOW }, playbook),
      'unknown_platform',
      { platform: 'windows', allowed: 'web, ios, android' },
    );
  });

  it.each(['triage', 'resolved', 'postmortem', 'follow_up', 'closed', 'canceled'] as const)(
    'refuses any release in %s',
    (status) => {
      for (const kind of ['fix', 'rollback'] as const) {
        expectDomainError(
          () => planRelease(snapshot({ status }), { platform: 'web', kind, now: NOW }, playbook),
          'release_not_allowed',
          { status },
        );
      }
    },
  );

  it.each(['responding', 'monitoring'] as const)('allows releases in %s', (status) => {
    for (const kind of ['fix', 'rollback'] as const) {
      expect(
        planRelease(snapshot({ status }), { platform: 'web', kind, now: NOW }, playbook).kind,
      ).toBe(kind);
    }
  });

  it('says the status is wrong before saying the platform cannot roll back', () => {
    expectDomainError(
      () =>
        planRelease(
          snapshot({ status: 'resolved' }),
          { platform: 'ios', kind: 'rollback', now: NOW },
          playbook,
        ),
      'release_not_allowed',
      { status: 'resolved' },
    );
  });
});

describe('checkStoreProgress', () => {
  const none = { storeSubmittedAt: null, storeApprovedAt: null, forcedUpdateAt: null };
  const t = (minutes: number) => minutesAfter(T0, minutes);

  it('refuses store timestamps on a platform that is not a store app', () => {
    expectDomainError(
      () => checkStoreProgress(WEB, none, { storeSubmittedAt: t(0) }, NOW),
      'validation_failed',
      {
        field: 'storeSubmittedAt',
        reason: 'not_a_store_app',
      },
    );
  });

  it.each([
    { name: 'submitted only', current: none, change: { storeSubmittedAt: t(0) } },
    {
      name: 'all three in order',
      current: none,
      change: { storeSubmittedAt: t(0), storeApprovedAt: t(10), forcedUpdateAt: t(20) },
    },
    {
      name: 'all three at once',
      current: none,
      change: { storeSubmittedAt: t(5), storeApprovedAt: t(5), forcedUpdateAt: t(5) },
    },
    {
      name: 'approved after a stored submission',
      current: { ...none, storeSubmittedAt: t(0) },
      change: { storeApprovedAt: t(10) },
    },
    {
      name: 'forced update at now',
      current: { ...none, storeApprovedAt: t(10) },
      change: { forcedUpdateAt: NOW },
    },
    { name: 'nothing', current: none, change: {} },
  ])('accepts $name', ({ current, change }) => {
    expect(checkStoreProgress(IOS, current, change, NOW)).toBeUndefined();
  });

  it.each([
    {
      name: 'approved before submitted',
      current: none,
      change: { storeSubmittedAt: t(10), storeApprovedAt: t(0) },
      params: { before: 'storeSubmittedAt', after: 'storeApprovedAt' },
    },
    {
      name: 'forced update before approval',
      current: none,
      change: { storeApprovedAt: t(10), forcedUpdateAt: t(0) },
      params: { before: 'storeApprovedAt', after: 'forcedUpdateAt' },
    },
    {
      name: 'approval before the stored submission',
      current: { ...none, storeSubmittedAt: t(10) },
      change: { storeApprovedAt: t(5) },
      params: { before: 'storeSubmittedAt', after: 'storeApprovedAt' },
    },
    {
      name: 'submission moved after the stored approval',
      current: { ...none, storeSubmittedAt: t(0), storeApprovedAt: t(10) },
      change: { storeSubmittedAt: t(15) },
      params: { before: 'storeSubmittedAt', after: 'storeApprovedAt' },
    },
  ])('refuses $name: milestone_order', ({ current, change, params }) => {
    expectDomainError(
      () => checkStoreProgress(ANDROID, current, change, NOW),
      'milestone_order',
      params,
    );
  });

  it.each([
    { field: 'storeSubmittedAt' as const },
    { field: 'storeApprovedAt' as const },
    { field: 'forcedUpdateAt' as const },
  ])('refuses $field in the future', ({ field }) => {
    expectDomainError(
      () => checkStoreProgress(IOS, none, { [field]: minutesAfter(NOW, 1) }, NOW),
      'milestone_in_future',
      { milestone: field },
    );
  });

  it('checks the future before the order', () => {
    expectDomainError(
      () =>
        checkStoreProgress(
          IOS,
          none,
          { storeSubmittedAt: minutesAfter(NOW, 10), storeApprovedAt: t(0) },
          NOW,
        ),
      'milestone_in_future',
      { milestone: 'storeSubmittedAt' },
    );
  });
});
