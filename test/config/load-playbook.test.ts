import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  PlaybookFileError,
  defaultPlaybookPath,
  hashPlaybook,
  loadPlaybookFile,
  parsePlaybook,
  resolvePlaybookPath,
  type PlaybookProblem,
} from '../../src/config/load-playbook.ts';
import type { Locale, Playbook } from '../../src/domain/playbook.ts';

const defaultSource = readFileSync(defaultPlaybookPath, 'utf8');

/** Replaces the one occurrence of `from` (fails if there is not exactly one). */
function replaceOnce(source: string, from: string, to: string): string {
  const parts = source.split(from);
  expect(parts.length).toBe(2);
  return parts.join(to);
}

/** 1-based line and column where `needle` (unique) starts, plus `offset` characters. */
function positionOf(source: string, needle: string, offset = 0): { line: number; column: number } {
  const index = source.indexOf(needle);
  expect(index).not.toBe(-1);
  expect(source.indexOf(needle, index + 1)).toBe(-1);
  const before = source.slice(0, index + offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

function problemsOf(source: string, fileName = 'hikeshi.yaml', locale?: Locale): PlaybookProblem[] {
  try {
    parsePlaybook(source, fileName, locale);
  } catch (error) {
    if (error instanceof PlaybookFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the playbook to be refused');
}

const fieldsAndMessages = (problems: PlaybookProblem[]) =>
  problems.map(({ field, message }) => ({ field, message }));

const t = (en: string) => ({ ja: `${en}(ja)`, en });

/** A small valid playbook to break in the semantic tests. */
function minimal(): Playbook {
  return {
    schemaVersion: 1,
    workspace: { name: 'test', defaultLocale: 'en', timezone: 'Asia/Tokyo' },
    definition: {
      summary: t('Users cannot use the service'),
      questions: [{ key: 'users', text: t('Users blocked?'), yesMeansIncident: true }],
    },
    severities: [
      {
        id: 'SEV1',
        name: t('SEV1'),
        meaning: t('All users'),
        examples: [],
        announceTo: ['incidents'],
        statusUpdateEveryMinutes: 30,
        convergenceWatchMinutes: 60,
        postmortem: { required: true, form: 'full', dueInDays: 5 },
        duties: { commander: t('Lead') },
      },
      {
        id: 'SEV2',
        name: t('SEV2'),
        meaning: t('Some users'),
        examples: [],
        announceTo: ['incidents'],
        statusUpdateEveryMinutes: 60,
        convergenceWatchMinutes: 30,
        postmortem: { required: true, form: 'short', dueInDays: 10 },
        duties: {},
      },
    ],
    roles: [
      { id: 'commander', name: t('Commander'), description: t('Leads'), rotation: [] },
      { id: 'investigator', name: t('Investigator'), description: t('Digs'), rotation: [] },
    ],
    platforms: [
      { id: 'web', name: t('Web'), canRollback: true, isStoreApp: false },
      { id: 'ios', name: t('iOS'), canRollback: false, isStoreApp: true },
    ],
    tasks: [
      {
        key: 'announce',
        role: 'commander',
        status: 'responding',
        severities: ['SEV1'],
        title: t('Announce'),
      },
      {
        key: 'rollback',
        role: 'investigator',
        status: 'responding',
        platforms: ['web'],
        title: t('Roll back'),
      },
    ],
    channels: { incidents: 'incidents', companyWide: 'general' },
    responders: [{ severities: ['SEV1'], platforms: ['ios'], users: ['lead@example.com'] }],
    slack: {
      command: '/incident',
      channelNameTemplate: 'inc-{number}-{slug}',
      timelineReaction: 'pushpin',
    },
    postmortem: {
      sections: [
        {
          key: 'summary',
          title: t('Summary'),
          prompt: t('What'),
          requiredFor: ['SEV1', 'SEV2'],
          inShortForm: true,
        },
        {
          key: 'went_well',
          title: t('Went well'),
          prompt: t('Good'),
          requiredFor: ['SEV1'],
          inShortForm: false,
        },
      ],
    },
    followUp: {
      digest: { time: '09:30', timezone: 'Asia/Tokyo', weekdaysOnly: true, channel: 'incidents' },
      autoClose: false,
    },
  };
}

function semanticProblems(change: (playbook: Playbook) => void) {
  const playbook = minimal();
  change(playbook);
  return fieldsAndMessages(problemsOf(stringify(playbook)));
}

describe('the default playbook', () => {
  it('loads with the seed severities, roles and platforms', async () => {
    const loaded = await loadPlaybookFile(defaultPlaybookPath);
    const { playbook } = loaded;
    expect(loaded.path).toBe(defaultPlaybookPath);
    expect(loaded.source).toBe(defaultSource);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(playbook.workspace).toEqual({
      name: 'hikeshi',
      defaultLocale: 'ja',
      timezone: 'Asia/Tokyo',
    });
    expect(playbook.severities.map((s) => s.id)).toEqual(['SEV1', 'SEV2', 'SEV3']);
    expect(playbook.severities.map((s) => s.examples.length)).toEqual([4, 3, 3]);
    expect(playbook.severities.map((s) => s.announceTo)).toEqual([
      ['incidents', 'companyWide'],
      ['incidents'],
      ['incidents'],
    ]);
    expect(playbook.severities.map((s) => s.statusUpdateEveryMinutes)).toEqual([30, 60, 240]);
    expect(playbook.severities.map((s) => s.convergenceWatchMinutes)).toEqual([60, 60, 30]);
    expect(playbook.severities.map((s) => s.postmortem)).toEqual([
      { required: true, form: 'full', dueInDays: 5 },
      { required: true, form: 'full', dueInDays: 5 },
      { required: true, form: 'short', dueInDays: 10 },
    ]);
    expect(playbook.severities.map((s) => Object.keys(s.duties))).toEqual([
      ['commander', 'investigator'],
      ['commander', 'investigator'],
      ['commander', 'investigator'],
    ]);
    expect(playbook.roles.map((r) => [r.id, r.rotation])).toEqual([
      ['commander', []],
      ['investigator', []],
    ]);
    expect(
      playbook.platforms.map(({ id, canRollback, isStoreApp }) => ({
        id,
        canRollback,
        isStoreApp,
      })),
    ).toEqual([
      { id: 'web', canRollback: true, isStoreApp: false },
      { id: 'ios', canRollback: false, isStoreApp: true },
      { id: 'android', canRollback: false, isStoreApp: true },
    ]);
    expect(playbook.definition.questions.map((q) => [q.key, q.yesMeansIncident])).toEqual([
      ['users_affected', true],
      ['revenue_affected', true],
      ['security_risk', true],
    ]);
    expect(playbook.channels).toEqual({
      triage: 'incidents',
      incidents: 'incidents',
      companyWide: 'general',
    });
    expect(playbook.responders).toEqual([]);
    expect(playbook.slack).toEqual({
      command: '/incident',
      channelNameTemplate: 'inc-{number}-{slug}',
      timelineReaction: 'pushpin',
    });
    expect(playbook.followUp).toEqual({
      digest: { time: '09:30', timezone: 'Asia/Tokyo', weekdaysOnly: true, channel: 'incidents' },
      autoClose: false,
    });
  });

  it('has the seed tasks, none of them set_forced_update', async () => {
    const { playbook } = await loadPlaybookFile(defaultPlaybookPath);
    expect(playbook.tasks.filter((task) => task.key.startsWith('set_forced_update'))).toEqual([]);
    const announce = playbook.tasks.find((task) => task.key === 'announce_company_wide');
    expect(announce?.role).toBe('commander');
    expect(announce?.status).toBe('responding');
    expect(announce?.severities).toEqual(['SEV1']);
    const rollback = playbook.tasks.find((task) => task.key === 'rollback_web');
    expect(rollback?.platforms).toEqual(['web']);
    expect(playbook.tasks.map((task) => task.status)).toEqual([
      'responding',
      'responding',
      'responding',
      'responding',
      'responding',
      'responding',
      'responding',
      'responding',
      'responding',
      'monitoring',
      'resolved',
      'postmortem',
      'postmortem',
      'postmortem',
      'follow_up',
    ]);
    expect(playbook.tasks.filter((task) => task.blocks !== undefined)).toEqual([]);
  });

  it('has the postmortem sections of the seed and the SRE template', async () => {
    const { playbook } = await loadPlaybookFile(defaultPlaybookPath);
    const sections = playbook.postmortem.sections;
    expect(sections.map((s) => s.key)).toEqual([
      'summary',
      'impact',
      'timeline',
      'root_cause',
      'trigger',
      'detection',
      'resolution',
      'prevention',
      'went_well',
      'went_badly',
      'where_lucky',
      'lessons_learned',
    ]);
    const all = ['SEV1', 'SEV2', 'SEV3'];
    expect(sections.map((s) => s.requiredFor)).toEqual([
      all,
      all,
      all,
      all,
      [],
      [],
      [],
      all,
      ['SEV1', 'SEV2'],
      ['SEV1', 'SEV2'],
      [],
      [],
    ]);
    expect(sections.filter((s) => s.inShortForm).map((s) => s.key)).toEqual([
      'summary',
      'impact',
      'timeline',
      'root_cause',
      'prevention',
    ]);
  });
});

describe('YAML syntax errors', () => {
  it('name the file, line and column', () => {
    const source = replaceOnce(
      defaultSource,
      '  timezone: Asia/Tokyo\n\n',
      '  timezone: Asia: Tokyo\n\n',
    );
    const at = positionOf(source, 'timezone: Asia: Tokyo', 'timezone: '.length);
    const problems = problemsOf(source, 'my-playbook.yaml');
    expect(problems).toEqual([
      {
        file: 'my-playbook.yaml',
        line: at.line,
        column: at.column,
        field: '',
        message: 'Nested mappings are not allowed in compact mappings',
      },
    ]);
  });

  it('report a duplicate key where it is', () => {
    const source = replaceOnce(
      defaultSource,
      '  defaultLocale: ja\n',
      '  defaultLocale: ja\n  name: again\n',
    );
    const at = positionOf(source, '  name: again', 2);
    expect(problemsOf(source)).toEqual([
      {
        file: 'hikeshi.yaml',
        line: at.line,
        column: at.column,
        field: '',
        message: 'Map keys must be unique',
      },
    ]);
  });
});

describe('schema errors', () => {
  it('a wrong type names the exact field and its line', () => {
    const source = replaceOnce(
      defaultSource,
      'statusUpdateEveryMinutes: 30',
      'statusUpdateEveryMinutes: thirty',
    );
    const at = positionOf(source, 'thirty');
    const problems = problemsOf(source);
    expect(problems).toEqual([
      {
        file: 'hikeshi.yaml',
        line: at.line,
        column: at.column,
        field: 'severities[0].statusUpdateEveryMinutes',
        message: 'must be a whole number, not a text',
      },
    ]);
  });

  it('the error message lists each problem as file:line:column field — message', () => {
    const source = replaceOnce(
      defaultSource,
      'statusUpdateEveryMinutes: 30',
      'statusUpdateEveryMinutes: 0',
    );
    const first = positionOf(
      source,
      'statusUpdateEveryMinutes: 0',
      'statusUpdateEveryMinutes: '.length,
    );
    const withBadTime = replaceOnce(source, "time: '09:30'", "time: '9:30'");
    const second = positionOf(withBadTime, "'9:30'");
    expect(() => parsePlaybook(withBadTime, 'team.yaml')).toThrow(
      new PlaybookFileError([
        {
          file: 'team.yaml',
          line: first.line,
          column: first.column,
          field: 'severities[0].statusUpdateEveryMinutes',
          message: 'must be at least 1',
        },
        {
          file: 'team.yaml',
          line: second.line,
          column: second.column,
          field: 'followUp.digest.time',
          message: 'must be a time of day HH:MM (00:00 to 23:59)',
        },
      ]),
    );
    try {
      parsePlaybook(withBadTime, 'team.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(PlaybookFileError);
      expect((error as Error).message).toBe(
        [
          `team.yaml:${first.line}:${first.column} severities[0].statusUpdateEveryMinutes — must be at least 1`,
          `team.yaml:${second.line}:${second.column} followUp.digest.time — must be a time of day HH:MM (00:00 to 23:59)`,
        ].join('\n'),
      );
    }
  });

  it('a missing ja text names the field and points at its parent', () => {
    const source = replaceOnce(
      defaultSource,
      '    meaning:\n      ja: 多くのユーザーに影響する重大なインシデント\n',
      '    meaning:\n',
    );
    const at = positionOf(source, 'en: A serious incident that affects many users');
    expect(problemsOf(source)).toEqual([
      {
        file: 'hikeshi.yaml',
        line: at.line,
        column: at.column,
        field: 'severities[1].meaning.ja',
        message: 'is required',
      },
    ]);
  });

  it('an empty text is refused', () => {
    const source = replaceOnce(
      defaultSource,
      '      ja: インシデントコマンダー\n',
      "      ja: ''\n",
    );
    const at = positionOf(source, "ja: ''", 4);
    expect(problemsOf(source)).toEqual([
      {
        file: 'hikeshi.yaml',
        line: at.line,
        column: at.column,
        field: 'roles[0].name.ja',
        message: 'must not be empty',
      },
    ]);
  });

  it('a missing block names the field', () => {
    const source = replaceOnce(defaultSource, '    canRollback: true\n', '');
    const at = positionOf(source, 'id: web');
    expect(problemsOf(source)).toEqual([
      {
        file: 'hikeshi.yaml',
        line: at.line,
        column: at.column,
        field: 'platforms[0].canRollback',
        message: 'is required',
      },
    ]);
  });

  it('an unknown field is refused at its key', () => {
    const source = replaceOnce(defaultSource, '  - id: SEV3\n', '  - id: SEV3\n    colour: red\n');
    const at = positionOf(source, 'colour: red');
    expect(problemsOf(source)).toEqual([
      {
        file: 'hikeshi.yaml',
        line: at.line,
        column: at.column,
        field: 'severities[2].colour',
        message: 'is not a known field',
      },
    ]);
  });

  it('a bad id, an unknown enum value and a wrong schemaVersion are each named', () => {
    let source = replaceOnce(defaultSource, 'schemaVersion: 1', 'schemaVersion: 2');
    source = replaceOnce(source, '  - id: ios\n', '  - id: 9ios\n');
    source = replaceOnce(source, '      form: short\n', '      form: brief\n');
    expect(fieldsAndMessages(problemsOf(source))).toEqual([
      { field: 'schemaVersion', message: 'must be 1' },
      { field: 'severities[2].postmortem.form', message: 'must be one of: full, short' },
      {
        field: 'platforms[1].id',
        message: 'must be an id: a letter, then letters, digits, _ or -',
      },
    ]);
  });

  it('a repeated item in a list names the repeat', () => {
    const source = replaceOnce(
      defaultSource,
      'announceTo: [incidents, companyWide]',
      'announceTo: [incidents, incidents]',
    );
    expect(fieldsAndMessages(problemsOf(source))).toEqual([
      { field: 'severities[0].announceTo[1]', message: 'repeats severities[0].announceTo[0]' },
    ]);
  });

  it('an empty file is refused', () => {
    expect(problemsOf('')).toEqual([
      {
        file: 'hikeshi.yaml',
        line: 1,
        column: 1,
        field: '',
        message: 'must be a mapping (key: value), not empty',
      },
    ]);
  });
});

describe('semantic checks', () => {
  it('the minimal fixture is valid', () => {
    expect(parsePlaybook(stringify(minimal()), 'minimal.yaml').playbook).toEqual(minimal());
  });

  it('refuses repeated severity ids', () => {
    expect(semanticProblems((p) => void (p.severities[1]!.id = 'SEV1'))).toEqual([
      { field: 'severities[1].id', message: 'repeats "SEV1" of severities[0].id' },
      {
        field: 'postmortem.sections[0].requiredFor[1]',
        message: 'unknown severity "SEV2" (defined: SEV1)',
      },
    ]);
  });

  it('refuses repeated role ids', () => {
    expect(semanticProblems((p) => void (p.roles[1]!.id = 'commander'))).toEqual([
      { field: 'roles[1].id', message: 'repeats "commander" of roles[0].id' },
      { field: 'tasks[1].role', message: 'unknown role "investigator" (defined: commander)' },
    ]);
  });

  it('refuses repeated platform ids', () => {
    expect(semanticProblems((p) => void (p.platforms[1]!.id = 'web'))).toEqual([
      { field: 'platforms[1].id', message: 'repeats "web" of platforms[0].id' },
      { field: 'responders[0].platforms[0]', message: 'unknown platform "ios" (defined: web)' },
    ]);
  });

  it('refuses repeated task keys', () => {
    expect(semanticProblems((p) => void (p.tasks[1]!.key = 'announce'))).toEqual([
      { field: 'tasks[1].key', message: 'repeats "announce" of tasks[0].key' },
    ]);
  });

  it('refuses repeated postmortem section keys', () => {
    expect(semanticProblems((p) => void (p.postmortem.sections[1]!.key = 'summary'))).toEqual([
      {
        field: 'postmortem.sections[1].key',
        message: 'repeats "summary" of postmortem.sections[0].key',
      },
    ]);
  });

  it('refuses a task for an unknown role', () => {
    expect(semanticProblems((p) => void (p.tasks[0]!.role = 'scribe'))).toEqual([
      {
        field: 'tasks[0].role',
        message: 'unknown role "scribe" (defined: commander, investigator)',
      },
    ]);
  });

  it('refuses unknown severities in tasks, responders and postmortem sections', () => {
    expect(
      semanticProblems((p) => {
        p.tasks[0]!.severities = ['SEV9'];
        p.responders[0]!.severities = ['SEV1', 'SEV0'];
        p.postmortem.sections[1]!.requiredFor = ['SEV4'];
      }),
    ).toEqual([
      { field: 'tasks[0].severities[0]', message: 'unknown severity "SEV9" (defined: SEV1, SEV2)' },
      {
        field: 'responders[0].severities[1]',
        message: 'unknown severity "SEV0" (defined: SEV1, SEV2)',
      },
      {
        field: 'postmortem.sections[1].requiredFor[0]',
        message: 'unknown severity "SEV4" (defined: SEV1, SEV2)',
      },
    ]);
  });

  it('refuses unknown platforms in tasks and responders', () => {
    expect(
      semanticProblems((p) => {
        p.tasks[1]!.platforms = ['desktop'];
        p.responders[0]!.platforms = ['android'];
      }),
    ).toEqual([
      { field: 'tasks[1].platforms[0]', message: 'unknown platform "desktop" (defined: web, ios)' },
      {
        field: 'responders[0].platforms[0]',
        message: 'unknown platform "android" (defined: web, ios)',
      },
    ]);
  });

  it('refuses announce targets and the digest channel that are not channel keys', () => {
    expect(
      semanticProblems((p) => {
        p.severities[0]!.announceTo = ['incidents', 'everyone'];
        p.followUp.digest.channel = 'morning';
      }),
    ).toEqual([
      {
        field: 'severities[0].announceTo[1]',
        message: 'unknown channel key "everyone" (defined: incidents, companyWide)',
      },
      {
        field: 'followUp.digest.channel',
        message: 'unknown channel key "morning" (defined: incidents, companyWide)',
      },
    ]);
  });

  it('requires the commander role', () => {
    expect(
      semanticProblems((p) => {
        p.roles = p.roles.filter((r) => r.id !== 'commander');
        p.severities[0]!.duties = {};
        p.tasks[0]!.role = 'investigator';
      }),
    ).toEqual([{ field: 'roles', message: 'must include the role "commander"' }]);
  });

  it('refuses duties for an unknown role, at the key', () => {
    const playbook = minimal();
    playbook.severities[1]!.duties = { scribe: t('Write things down') };
    const source = stringify(playbook);
    const at = positionOf(source, 'scribe:');
    expect(problemsOf(source)).toEqual([
      {
        file: 'hikeshi.yaml',
        line: at.line,
        column: at.column,
        field: 'severities[1].duties.scribe',
        message: 'unknown role "scribe" (defined: commander, investigator)',
      },
    ]);
  });

  it('refuses time zones that are not IANA zones', () => {
    expect(
      semanticProblems((p) => {
        p.workspace.timezone = 'Tokyo';
        p.followUp.digest.timezone = 'Mars/Olympus';
      }),
    ).toEqual([
      {
        field: 'workspace.timezone',
        message: '"Tokyo" is not an IANA time zone (e.g. Asia/Tokyo)',
      },
      {
        field: 'followUp.digest.timezone',
        message: '"Mars/Olympus" is not an IANA time zone (e.g. Asia/Tokyo)',
      },
    ]);
  });

  it('refuses a section required for a short-form severity but left out of the short form', () => {
    expect(
      semanticProblems((p) => void (p.postmortem.sections[1]!.requiredFor = ['SEV1', 'SEV2'])),
    ).toEqual([
      {
        field: 'postmortem.sections[1].requiredFor[1]',
        message:
          'SEV2 uses the short postmortem form, which leaves out this section (inShortForm: false)',
      },
    ]);
  });
});

describe('problems in Japanese (the web editor of a Japanese-speaking admin)', () => {
  /** The same problems in both languages: only the message differs. */
  function inBothLanguages(source: string) {
    const en = problemsOf(source, 'hikeshi.yaml', 'en');
    const ja = problemsOf(source, 'hikeshi.yaml', 'ja');
    expect(ja.map(({ message: _, ...where }) => where)).toEqual(
      en.map(({ message: _, ...where }) => where),
    );
    return { en: en.map((p) => p.message), ja: ja.map((p) => p.message) };
  }

  it('a YAML syntax error says what kind of mistake it is and quotes the library', () => {
    const source = replaceOnce(
      defaultSource,
      '  timezone: Asia/Tokyo\n\n',
      '  timezone: Asia: Tokyo\n\n',
    );
    expect(inBothLanguages(source)).toEqual({
      en: ['Nested mappings are not allowed in compact mappings'],
      ja: [
        'この位置に入れ子のマッピングやリストは書けません（Nested mappings are not allowed in compact mappings）',
      ],
    });
    const duplicate = replaceOnce(
      defaultSource,
      '  defaultLocale: ja\n',
      '  defaultLocale: ja\n  name: again\n',
    );
    expect(inBothLanguages(duplicate).ja).toEqual([
      '同じキーが重複しています（Map keys must be unique）',
    ]);
  });

  it('a missing field is 必須です', () => {
    const source = replaceOnce(defaultSource, '    canRollback: true\n', '');
    expect(inBothLanguages(source)).toEqual({ en: ['is required'], ja: ['必須です'] });
  });

  it('an unknown field is 未知の項目です', () => {
    const source = replaceOnce(defaultSource, '  - id: SEV3\n', '  - id: SEV3\n    colour: red\n');
    expect(inBothLanguages(source)).toEqual({
      en: ['is not a known field'],
      ja: ['未知の項目です'],
    });
  });

  it('a wrong type names what is wanted and what was found', () => {
    const source = replaceOnce(
      defaultSource,
      'statusUpdateEveryMinutes: 30',
      'statusUpdateEveryMinutes: thirty',
    );
    expect(inBothLanguages(source)).toEqual({
      en: ['must be a whole number, not a text'],
      ja: ['整数である必要があります（文字列になっています）'],
    });
    expect(inBothLanguages('').ja).toEqual([
      'マッピング（キー: 値）である必要があります（空になっています）',
    ]);
  });

  it('enum, const, pattern, empty text and repeated items', () => {
    let source = replaceOnce(defaultSource, 'schemaVersion: 1', 'schemaVersion: 2');
    source = replaceOnce(source, '  - id: ios\n', '  - id: 9ios\n');
    source = replaceOnce(source, '      form: short\n', '      form: brief\n');
    source = replaceOnce(source, '      ja: インシデントコマンダー\n', "      ja: ''\n");
    source = replaceOnce(
      source,
      'announceTo: [incidents, companyWide]',
      'announceTo: [incidents, incidents]',
    );
    expect(inBothLanguages(source).ja).toEqual([
      '1 である必要があります',
      'severities[0].announceTo[0] と重複しています',
      '次のいずれかである必要があります: full, short',
      '空にはできません',
      'ID である必要があります（英字で始まり、英字・数字・_・- だけが続く）',
    ]);
  });

  it('an unknown reference names the kind of thing and what is defined', () => {
    const source = stringify(
      (() => {
        const playbook = minimal();
        playbook.tasks[0]!.role = 'scribe';
        playbook.tasks[1]!.platforms = ['desktop'];
        playbook.severities[0]!.announceTo = ['everyone'];
        return playbook;
      })(),
    );
    expect(inBothLanguages(source)).toEqual({
      en: [
        'unknown channel key "everyone" (defined: incidents, companyWide)',
        'unknown role "scribe" (defined: commander, investigator)',
        'unknown platform "desktop" (defined: web, ios)',
      ],
      ja: [
        '未定義のチャンネルキー「everyone」です（定義済み: incidents, companyWide）',
        '未定義の役割「scribe」です（定義済み: commander, investigator）',
        '未定義のプラットフォーム「desktop」です（定義済み: web, ios）',
      ],
    });
  });

  it('repeated ids, the commander role, time zones and the short postmortem form', () => {
    const playbook = minimal();
    playbook.platforms[1]!.id = 'web';
    playbook.responders = [];
    playbook.workspace.timezone = 'Tokyo';
    playbook.postmortem.sections[1]!.requiredFor = ['SEV1', 'SEV2'];
    expect(inBothLanguages(stringify(playbook)).ja).toEqual([
      '「Tokyo」は IANA のタイムゾーンではありません（例: Asia/Tokyo）',
      '「web」は platforms[0].id と重複しています',
      'SEV2 は簡易版のポストモーテムを使うため、この項目は含まれません（inShortForm: false）',
    ]);
    const withoutCommander = minimal();
    withoutCommander.roles = withoutCommander.roles.filter((r) => r.id !== 'commander');
    withoutCommander.severities[0]!.duties = {};
    withoutCommander.tasks[0]!.role = 'investigator';
    expect(inBothLanguages(stringify(withoutCommander)).ja).toEqual([
      '役割「commander」を含める必要があります',
    ]);
  });

  it('a file that cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hikeshi-playbook-'));
    const path = join(dir, 'missing.yaml');
    try {
      const error: unknown = await loadPlaybookFile(path, 'ja').catch((e: unknown) => e);
      expect((error as PlaybookFileError).problems.map((p) => p.message)).toEqual([
        `ファイルを読めません: ENOENT: no such file or directory, open '${path}'`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('start-up (no locale given) stays in English', () => {
    const source = replaceOnce(defaultSource, '    canRollback: true\n', '');
    expect(problemsOf(source).map((p) => p.message)).toEqual(['is required']);
  });
});

describe('hash', () => {
  it('is stable for the same content, whatever the layout', () => {
    const a = parsePlaybook(defaultSource, 'a.yaml');
    const b = parsePlaybook(defaultSource, 'b.yaml');
    expect(b.hash).toBe(a.hash);
    const relaidOut = stringify(a.playbook, { indent: 4 }).replace(
      'schemaVersion: 1',
      '# a comment\nschemaVersion: 1',
    );
    expect(parsePlaybook(relaidOut, 'c.yaml').hash).toBe(a.hash);
    const reordered = minimal();
    const { schemaVersion, ...rest } = reordered;
    expect(hashPlaybook({ ...rest, schemaVersion })).toBe(hashPlaybook(minimal()));
  });

  it('changes when the content changes', () => {
    const a = parsePlaybook(defaultSource, 'a.yaml');
    const changed = replaceOnce(
      defaultSource,
      'statusUpdateEveryMinutes: 240',
      'statusUpdateEveryMinutes: 120',
    );
    const b = parsePlaybook(changed, 'a.yaml');
    expect(b.hash).not.toBe(a.hash);
    expect(b.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('where the playbook is read from', () => {
  it('prefers HIKESHI_PLAYBOOK, then ./hikeshi.yaml, then the default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hikeshi-playbook-'));
    try {
      expect(resolvePlaybookPath('/etc/team.yaml', dir)).toBe('/etc/team.yaml');
      expect(resolvePlaybookPath('conf/team.yaml', dir)).toBe(join(dir, 'conf/team.yaml'));
      expect(resolvePlaybookPath(undefined, dir)).toBe(defaultPlaybookPath);
      expect(resolvePlaybookPath('', dir)).toBe(defaultPlaybookPath);
      writeFileSync(join(dir, 'hikeshi.yaml'), defaultSource);
      expect(resolvePlaybookPath(undefined, dir)).toBe(join(dir, 'hikeshi.yaml'));
      expect(resolvePlaybookPath('', dir)).toBe(join(dir, 'hikeshi.yaml'));
      expect(resolvePlaybookPath('other.yaml', dir)).toBe(join(dir, 'other.yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that cannot be read is a PlaybookFileError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hikeshi-playbook-'));
    const path = join(dir, 'missing.yaml');
    try {
      const error: unknown = await loadPlaybookFile(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlaybookFileError);
      expect((error as PlaybookFileError).problems).toEqual([
        {
          file: path,
          line: 0,
          column: 0,
          field: '',
          message: `cannot read the file: ENOENT: no such file or directory, open '${path}'`,
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
