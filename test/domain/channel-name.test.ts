import { describe, expect, it } from 'vitest';
import {
  CHANNEL_NAME_MAX_LENGTH,
  channelName,
  isValidChannelName,
  slugify,
} from '../../src/domain/channel-name.ts';
import { channelNameError } from '../slack-emulator/index.ts';

const TEMPLATE = 'inc-{number}-{slug}';

const incident = (title: string, number = 12, severity: string | null = 'SEV2') => ({
  number,
  title,
  severity,
});

/** Valid by both our rule and the emulator's copy of Slack's. */
function expectValid(name: string): void {
  expect(isValidChannelName(name), name).toBe(true);
  expect(channelNameError(name), name).toBeNull();
}

describe('channelName: the default template', () => {
  it.each([
    // English
    ['Database outage', 'inc-12-database-outage'],
    ['Checkout fails for 30% of users!', 'inc-12-checkout-fails-for-30-of-users'],
    ['  --Login   page -- down--  ', 'inc-12-login-page-down'],
    ["Can't pay with card_on_file", 'inc-12-can-t-pay-with-card-on-file'],
    ['API v2.3 returns 500s', 'inc-12-api-v2-3-returns-500s'],
    // Japanese only: no slug, and no trailing hyphen
    ['決済が失敗する', 'inc-12'],
    ['ログインできない。', 'inc-12'],
    ['ｶﾀｶﾅのみ', 'inc-12'],
    // mixed
    ['iOS 17で動画が再生できない', 'inc-12-ios-17'],
    ['決済APIの障害', 'inc-12-api'],
    ['【至急】Android版アプリがクラッシュ（v5.2.0）', 'inc-12-android-v5-2-0'],
    // full width
    ['ＡＰＩ障害', 'inc-12-api'],
    ['ＤＢ　ｏｕｔａｇｅ　２', 'inc-12-db-outage-2'],
    // diacritics and Latin letters without a decomposition
    ['Café menu broken', 'inc-12-cafe-menu-broken'],
    ['Ünïcödé ÀÉÎÕÜ ñ', 'inc-12-unicode-aeiou-n'],
    ['Straße Øresund Łódź Æther', 'inc-12-strasse-oresund-lodz-aether'],
    // emoji and symbols
    ['🔥 Payments down 🔥', 'inc-12-payments-down'],
    ['🔥🚨💥', 'inc-12'],
    ['👨‍👩‍👧 family 🇯🇵 flag', 'inc-12-family-flag'],
    ['$$$ @@@ ###', 'inc-12'],
    ['', 'inc-12'],
  ])('%j → %s', (title, expected) => {
    const name = channelName(TEMPLATE, incident(title));
    expect(name).toBe(expected);
    expectValid(name);
  });

  it('writes the number in full', () => {
    expect(channelName(TEMPLATE, incident('Outage', 123456))).toBe('inc-123456-outage');
    expect(channelName(TEMPLATE, incident('障害', 0))).toBe('inc-0');
  });
});

describe('channelName: length', () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

  it('cuts a long title at a hyphen, within 80 characters', () => {
    const name = channelName(TEMPLATE, incident(words));
    expect(name).toBe(
      'inc-12-word0-word1-word2-word3-word4-word5-word6-word7-word8-word9-word10-word11',
    );
    expect(name.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX_LENGTH);
    expectValid(name);
  });

  it('keeps a slug that fits exactly 80 characters', () => {
    const title = `${'a'.repeat(40)} ${'b'.repeat(32)}`;
    const name = channelName(TEMPLATE, incident(title));
    expect(name).toBe(`inc-12-${'a'.repeat(40)}-${'b'.repeat(32)}`);
    expect(name).toHaveLength(80);
  });

  it('drops a whole word rather than cutting into it when one fits', () => {
    const title = `${'a'.repeat(40)} ${'b'.repeat(33)}`;
    expect(channelName(TEMPLATE, incident(title))).toBe(`inc-12-${'a'.repeat(40)}`);
  });

  it('cuts inside the first word when no word fits whole', () => {
    const name = channelName(TEMPLATE, incident('x'.repeat(300)));
    expect(name).toBe(`inc-12-${'x'.repeat(73)}`);
    expect(name).toHaveLength(80);
  });

  it('never cuts the number, however long it is', () => {
    const number = Number.MAX_SAFE_INTEGER; // 16 digits
    const name = channelName(TEMPLATE, incident('y'.repeat(200), number));
    expect(name).toBe(`inc-${number}-${'y'.repeat(59)}`);
    expect(name).toHaveLength(80);
  });

  it('drops the last word when 80 characters end just after a hyphen', () => {
    // the first 80 characters are "inc-12-aaaa…a-": the hyphen goes, and no cut "b" is kept
    const title = `${'a'.repeat(72)} bbbbbbbbbb`;
    const name = channelName(TEMPLATE, incident(title));
    expect(name).toBe(`inc-12-${'a'.repeat(72)}`);
    expectValid(name);
  });

  it('shortens a long Japanese title with ASCII words to at most 80 characters', () => {
    const title = `${'障害が発生 Server error '.repeat(20)}`;
    const name = channelName(TEMPLATE, incident(title));
    expect(name).toBe(
      'inc-12-server-error-server-error-server-error-server-error-server-error-server',
    );
    expectValid(name);
  });

  it('a long Japanese-only title still gives just the number', () => {
    expect(channelName(TEMPLATE, incident('障'.repeat(300)))).toBe('inc-12');
  });
});

describe('channelName: attempts after name_taken', () => {
  it.each([
    [0, 'inc-12-database-outage'],
    [1, 'inc-12-database-outage-2'],
    [2, 'inc-12-database-outage-3'],
    [3, 'inc-12-database-outage-4'],
  ])('attempt %i → %s', (attempt, expected) => {
    const name = channelName(TEMPLATE, incident('Database outage'), attempt);
    expect(name).toBe(expected);
    expectValid(name);
  });

  it.each([
    [1, 'inc-12-2'],
    [2, 'inc-12-3'],
    [3, 'inc-12-4'],
  ])('attempt %i without a slug → %s', (attempt, expected) => {
    expect(channelName(TEMPLATE, incident('決済が失敗する'), attempt)).toBe(expected);
  });

  it.each([
    [1, `inc-12-${'x'.repeat(71)}-2`],
    [2, `inc-12-${'x'.repeat(71)}-3`],
    [3, `inc-12-${'x'.repeat(71)}-4`],
    [9, `inc-12-${'x'.repeat(70)}-10`],
  ])('attempt %i shortens the slug to make room', (attempt, expected) => {
    const name = channelName(TEMPLATE, incident('x'.repeat(300)), attempt);
    expect(name).toBe(expected);
    expect(name).toHaveLength(80);
    expectValid(name);
  });

  it('drops words to make room for the suffix', () => {
    const title = `${'a'.repeat(40)} ${'b'.repeat(32)}`;
    expect(channelName(TEMPLATE, incident(title), 1)).toBe(`inc-12-${'a'.repeat(40)}-2`);
  });
});

describe('channelName: other templates', () => {
  it.each([
    ['{severity}-inc-{number}-{slug}', incident('DB outage'), 'sev2-inc-12-db-outage'],
    ['inc-{number}-{severity}-{slug}', incident('DB outage', 7, 'SEV1'), 'inc-7-sev1-db-outage'],
    ['inc-{number}-{severity}-{slug}', incident('DB outage', 7, null), 'inc-7-db-outage'],
    ['inc-{number}-{severity}', incident('DB outage', 7, 'Critical P0'), 'inc-7-critical-p0'],
    ['inc-{number}-{severity}-{slug}', incident('決済障害', 7, 'SEV1'), 'inc-7-sev1'],
    // without a slug: the title plays no part
    ['inc-{number}', incident('Anything at all'), 'inc-12'],
    ['incident_{number}', incident('x'.repeat(300)), 'incident_12'],
    ['{number}', incident('障害'), '12'],
    // fixed text is made valid too
    ['INC {number}: {slug}', incident('DB outage'), 'inc-12-db-outage'],
    ['障害-{number}-{slug}', incident('DB outage'), '12-db-outage'],
    ['{slug}-{number}', incident('DB outage'), 'db-outage-12'],
    ['{slug}-{number}', incident('決済障害'), '12'],
    ['ops_{number}__{slug}', incident('DB outage'), 'ops_12__db-outage'],
    // an unknown placeholder is fixed text
    ['inc-{number}-{team}', incident('DB outage'), 'inc-12-team'],
  ])('%s → %s', (template, input, expected) => {
    const name = channelName(template, input);
    expect(name).toBe(expected);
    expectValid(name);
  });

  it('cuts the slug when it comes first', () => {
    const name = channelName('{slug}-{number}', incident('z'.repeat(300)), 2);
    expect(name).toBe(`${'z'.repeat(75)}-12-3`);
    expectValid(name);
  });

  it('throws a plain Error when the template lacks {number}', () => {
    expect(() => channelName('inc-{slug}', incident('DB outage'))).toThrow(
      new Error('channel name template "inc-{slug}" must contain {number}'),
    );
    expect(() => channelName('', incident('DB outage'))).toThrow(/must contain \{number\}/);
  });

  it('throws on a number or attempt that is not a non-negative integer', () => {
    expect(() => channelName(TEMPLATE, incident('x', -1))).toThrow(/non-negative integer/);
    expect(() => channelName(TEMPLATE, incident('x', 1.5))).toThrow(/non-negative integer/);
    expect(() => channelName(TEMPLATE, incident('x'), -1)).toThrow(/non-negative integer/);
  });

  it('throws when the template without its slug is already too long', () => {
    expect(() => channelName(`${'a'.repeat(80)}-{number}`, incident('x'))).toThrow(
      /cannot give a valid name/,
    );
  });
});

describe('slugify', () => {
  it.each([
    ['Hello, World!', 'hello-world'],
    ['ＡＰＩ', 'api'],
    ['café', 'cafe'],
    ['日本語だけ', ''],
    ['①②③', '123'],
  ])('%j → %j', (title, expected) => {
    expect(slugify(title)).toBe(expected);
  });
});

describe('isValidChannelName: Slack rules, as the emulator enforces them', () => {
  it.each([
    ['inc-12', true],
    ['inc_12', true],
    ['a', true],
    ['a'.repeat(80), true],
    ['a'.repeat(81), false],
    ['', false],
    ['Inc-12', false],
    ['inc 12', false],
    ['inc.12', false],
    ['インシデント-1', false],
    ['---', false],
    ['_-_', false],
  ])('%j → %s', (name, expected) => {
    expect(isValidChannelName(name)).toBe(expected);
    expect(channelNameError(name) === null).toBe(expected);
  });
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  '          ',
  'あいうえおかきくけこがぎぐげごアイウエオカキクケコｶﾞｷﾞ',
  '障害発生決済認証不具合動画再生遅延',
  '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~、。・「」【】（）',
  'ＡＢＣａｂｃ０１２３　！',
  'éèêëàâäôöûüçñßøæœłİı',
  '🔥🚨💥👨‍👩‍👧🇯🇵\u0301\u200d\ufe0f',
];

describe('channelName: 500 generated titles', () => {
  it('always gives a valid name of at most 80 characters that keeps the number', () => {
    const next = random(20_260_401);
    const pick = (text: string): string => {
      const chars = [...text];
      return chars[Math.floor(next() * chars.length)] ?? '';
    };
    const templates = [
      TEMPLATE,
      '{slug}-{number}',
      'inc-{number}-{severity}-{slug}',
      'inc-{number}',
    ];
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(next() * 301);
      const mix = ALPHABETS.filter(() => next() < 0.5);
      const pool = mix.length > 0 ? mix : ALPHABETS;
      let title = '';
      for (let c = 0; c < length; c++) title += pick(pool[Math.floor(next() * pool.length)] ?? '');
      const number = 1 + Math.floor(next() * 100_000);
      const attempt = next() < 0.3 ? Math.floor(next() * 12) : 0;
      const template = templates[i % templates.length] ?? TEMPLATE;
      const name = channelName(
        template,
        incident(title, number, next() < 0.2 ? null : 'SEV1'),
        attempt,
      );
      expectValid(name);
      expect(name.split(/[-_]/)).toContain(String(number));
      if (attempt > 0) expect(name.endsWith(`-${attempt + 1}`)).toBe(true);
      expect(name).not.toMatch(/--|^-|-$/);
    }
  });
});
