/**
 * Domain test fixtures: the seed's default playbook built in code, an incident snapshot with sane
 * defaults, actors and fixed instants. No clock, no I/O: every date here is a constant.
 */
import type { Actor, WorkspaceRole } from '../../src/domain/actor.ts';
import type { IncidentSnapshot, OpenTask } from '../../src/domain/incident.ts';
import type {
  PostmortemSectionDefinition,
  SeverityPolicy,
  TaskDefinition,
  Text,
  Playbook,
} from '../../src/domain/playbook.ts';

/** The instant every domain test starts from. */
export const T0 = new Date('2025-03-10T09:00:00.000Z');

/** `base` plus whole or fractional minutes. */
export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}

export function text(en: string, ja: string = en): Text {
  return { ja, en };
}

export function actor(userId: string, role: WorkspaceRole = 'responder'): Actor {
  return { userId, role };
}

/** People the tests use; ids say what they are. */
export const COMMANDER = actor('u-commander');
export const INVESTIGATOR = actor('u-investigator');
export const RESPONDER = actor('u-responder');
export const VIEWER = actor('u-viewer', 'viewer');
export const ADMIN = actor('u-admin', 'admin');

const SEVERITIES: SeverityPolicy[] = [
  {
    id: 'SEV1',
    name: text('SEV1'),
    meaning: text('Affects all users or the company revenue', '全ユーザーまたは売上に影響'),
    examples: [
      text('No user can watch videos', '全ユーザーが動画を視聴できない'),
      text('Subscription payments fully stopped', 'サブスクリプションの決済が完全に停止'),
    ],
    announceTo: ['incidents', 'companyWide'],
    statusUpdateEveryMinutes: 30,
    convergenceWatchMinutes: 60,
    postmortem: { required: true, form: 'full', dueInDays: 5 },
    duties: {
      commander: text('Report the situation company-wide at once', '全社へ速やかに状況を報告'),
      investigator: text(
        'Find the cause, propose the fastest mitigation',
        '原因を調べ最速の止血策を提案',
      ),
    },
  },
  {
    id: 'SEV2',
    name: text('SEV2'),
    meaning: text('Affects many users', '多くのユーザーに影響'),
    examples: [
      text('Nobody can log in on the Android app', 'Android アプリで誰もログインできない'),
    ],
    announceTo: ['incidents'],
    statusUpdateEveryMinutes: 60,
    convergenceWatchMinutes: 60,
    postmortem: { required: true, form: 'full', dueInDays: 7 },
    duties: {
      commander: text('Escalate as the content requires', '内容に応じてエスカレーション'),
      investigator: text(
        'Find the cause, propose the fastest mitigation',
        '原因を調べ最速の止血策を提案',
      ),
    },
  },
  {
    id: 'SEV3',
    name: text('SEV3'),
    meaning: text('Affects some users', '一部のユーザーに影響'),
    examples: [text('Playback stalls on slow connections', '低速回線で再生が止まる')],
    announceTo: ['incidents'],
    statusUpdateEveryMinutes: 240,
    convergenceWatchMinutes: 30,
    postmortem: { required: true, form: 'short', dueInDays: 14 },
    duties: {
      commander: text(
        'Decide the course; escalate if needed',
        '対応方針を決め、必要ならエスカレーション',
      ),
      investigator: text(
        'Find the cause, estimate impact and time to fix',
        '原因を調べ影響範囲と修正時間を見積もる',
      ),
    },
  },
];

/** Tasks of the default flow; keys are what the tests refer to. */
const TASKS: TaskDefinition[] = [
  {
    key: 'quick_investigation',
    role: 'investigator',
    status: 'triage',
    title: text('Reproduce and look roughly at the impact', '再現し影響範囲をざっと確認'),
  },
  {
    key: 'announce_company_wide',
    role: 'commander',
    status: 'responding',
    severities: ['SEV1'],
    title: text('Report the situation company-wide', '全社に状況を報告'),
  },
  {
    key: 'consider_rollback',
    role: 'investigator',
    status: 'responding',
    platforms: ['web'],
    title: text('Roll back if the incident followed a release', 'リリース起因ならロールバック'),
  },
  {
    key: 'investigate_cause',
    role: 'investigator',
    status: 'responding',
    title: text('Investigate the cause', '原因を調査'),
  },
  {
    key: 'confirm_no_new_errors',
    role: 'investigator',
    status: 'monitoring',
    title: text(
      'Confirm no new error logs or inquiries',
      '新たなエラーログや問い合わせがないことを確認',
    ),
    blocks: 'resolved',
  },
  {
    key: 'write_postmortem',
    role: 'commander',
    status: 'postmortem',
    title: text('Write and publish the postmortem', 'ポストモーテムを書いて公開'),
  },
  {
    key: 'review_actions',
    role: 'commander',
    status: 'follow_up',
    title: text('Check prevention actions in the morning meeting', '朝会で再発防止策を確認'),
  },
];

const SECTIONS: PostmortemSectionDefinition[] = [
  {
    key: 'impact',
    title: text('Impact', '影響'),
    prompt: text('Who was affected, how, for how long', '誰に、どのように、どれだけの間'),
    requiredFor: ['SEV1', 'SEV2', 'SEV3'],
    inShortForm: true,
  },
  {
    key: 'timeline',
    title: text('Timeline', 'タイムライン'),
    prompt: text('From occurrence to convergence', '発生から収束まで'),
    requiredFor: ['SEV1', 'SEV2'],
    inShortForm: false,
  },
  {
    key: 'root_cause',
    title: text('Root cause', '根本原因'),
    prompt: text('Dig deep', '深掘りする'),
    requiredFor: ['SEV1', 'SEV2', 'SEV3'],
    inShortForm: true,
  },
  {
    key: 'prevention',
    title: text('Prevention measures', '再発防止策'),
    prompt: text('Concrete actions', '具体的なアクション'),
    requiredFor: ['SEV1', 'SEV2', 'SEV3'],
    inShortForm: true,
  },
  {
    key: 'response_review',
    title: text('Review of the response', '対応の振り返り'),
    prompt: text('What went well, what went badly', '良かった点、悪かった点'),
    requiredFor: ['SEV1'],
    inShortForm: false,
  },
];

/** The seed's default playbook; top-level keys may be replaced. */
export function testPlaybook(overrides: Partial<Playbook> = {}): Playbook {
  return {
    schemaVersion: 1,
    workspace: { name: 'Test workspace', defaultLocale: 'ja', timezone: 'Asia/Tokyo' },
    definition: {
      summary: text(
        'A problem that stops one or more users from using the service normally, or that affects revenue',
        '1人以上のユーザーがサービスを正常に利用できない、または売上に影響する問題',
      ),
      questions: [
        {
          key: 'users_blocked',
          text: text(
            'Can at least one user not use the service normally?',
            '1人以上のユーザーが正常に利用できないか',
          ),
          yesMeansIncident: true,
        },
        {
          key: 'revenue_affected',
          text: text('Is revenue affected?', '売上に影響があるか'),
          yesMeansIncident: true,
        },
        {
          key: 'security_risk',
          text: text('Is there a security risk?', 'セキュリティリスクがあるか'),
          yesMeansIncident: true,
        },
      ],
    },
    severities: structuredClone(SEVERITIES),
    roles: [
      {
        id: 'commander',
        name: text('Incident commander', 'インシデントコマンダー'),
        description: text(
          'Sorts out what is happening and leads communication',
          '状況を整理し連絡を主導',
        ),
        rotation: ['aiko@example.com', 'ben@example.com'],
      },
      {
        id: 'investigator',
        name: text('Investigator', '調査担当'),
        description: text('Digs into the cause and proposes mitigations', '原因を調べ対策を提案'),
        rotation: [],
      },
    ],
    platforms: [
      { id: 'web', name: text('Web'), canRollback: true, isStoreApp: false },
      { id: 'ios', name: text('iOS app', 'iOS アプリ'), canRollback: false, isStoreApp: true },
      {
        id: 'android',
        name: text('Android app', 'Android アプリ'),
        canRollback: false,
        isStoreApp: true,
      },
    ],
    tasks: structuredClone(TASKS),
    channels: { triage: 'incidents', incidents: 'incidents', companyWide: 'general' },
    responders: [{ severities: ['SEV1'], users: ['cto@example.com'] }],
    slack: {
      command: '/incident',
      channelNameTemplate: 'inc-{number}-{slug}',
      timelineReaction: 'pushpin',
    },
    postmortem: { sections: structuredClone(SECTIONS) },
    followUp: {
      digest: { time: '09:30', timezone: 'Asia/Tokyo', weekdaysOnly: true, channel: 'incidents' },
      autoClose: false,
    },
    ...overrides,
  };
}

/** The default playbook with one severity's policy changed. */
export function withSeverity(id: string, change: Partial<SeverityPolicy>): Playbook {
  const playbook = testPlaybook();
  return {
    ...playbook,
    severities: playbook.severities.map((s) => (s.id === id ? { ...s, ...change } : s)),
  };
}

/** An incident in `responding` at SEV2 on the web, declared at T0, nobody in any role. */
export function snapshot(overrides: Partial<IncidentSnapshot> = {}): IncidentSnapshot {
  return {
    status: 'responding',
    severity: 'SEV2',
    platforms: ['web'],
    roles: {},
    triggeredByUserId: null,
    milestones: { detected_at: T0, reported_at: T0, declared_at: T0 },
    monitoringSince: null,
    lastSignalAt: null,
    releases: [],
    openTasks: [],
    postmortem: null,
    actions: [],
    ...overrides,
  };
}

/** An open incident task as the store would give it. */
export function openTask(overrides: Partial<OpenTask> & { key: string }): OpenTask {
  return {
    id: `task-${overrides.key}`,
    role: 'investigator',
    statusScope: 'responding',
    title: text(`Task ${overrides.key}`, `タスク ${overrides.key}`),
    blocks: null,
    ...overrides,
  };
}
