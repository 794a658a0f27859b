import { describe, expect, it } from 'vitest';
import type { ErrorCode as YamlErrorCode } from 'yaml';
import type { Text } from '../../src/domain/playbook.ts';
import {
  expectedTypeNames,
  playbookMessages,
  playbookText,
  referenceNames,
  valueKindNames,
  yamlErrorMessages,
  yamlErrorText,
} from '../../src/i18n/playbook-messages.ts';

/** The playbook problem catalogue: every entry in Japanese and English, placeholders that agree. */

const tables: Record<string, Record<string, Text>> = {
  playbookMessages,
  expectedTypeNames,
  valueKindNames,
  referenceNames,
  yamlErrorMessages,
};
const entries = Object.entries(tables).flatMap(([table, texts]) =>
  Object.entries(texts).map(([key, text]) => ({ name: `${table}.${key}`, text })),
);
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('the playbook problem catalogue', () => {
  it('has a non-empty Japanese and English text for every entry, the Japanese one in Japanese', () => {
    expect(entries.length).toBeGreaterThan(60);
    for (const { name, text } of entries) {
      expect(Object.keys(text).sort(), name).toEqual(['en', 'ja']);
      expect(text.ja.trim(), `${name} ja`).not.toBe('');
      expect(text.en.trim(), `${name} en`).not.toBe('');
      expect(text.ja, `${name} ja`).toMatch(japanese);
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const { name, text } of entries) {
      expect(placeholders(text.ja), name).toEqual(placeholders(text.en));
    }
  });

  it('fills placeholders and keeps the literal {number} of the channel name pattern', () => {
    expect(playbookText('ja', 'notTimeZone', { zone: 'Tokyo' })).toBe(
      '「Tokyo」は IANA のタイムゾーンではありません（例: Asia/Tokyo）',
    );
    expect(playbookText('en', 'patternNumber')).toBe(
      'must contain {number}, which keeps channel names unique',
    );
  });

  it('words a YAML error by its code in Japanese, quoting the library, and keeps the library’s English', () => {
    expect(yamlErrorText('ja', 'TAB_AS_INDENT', 'Tabs are not allowed as indentation')).toBe(
      'インデントにタブは使えません（Tabs are not allowed as indentation）',
    );
    expect(yamlErrorText('en', 'TAB_AS_INDENT', 'Tabs are not allowed as indentation')).toBe(
      'Tabs are not allowed as indentation',
    );
    const unknownCode = 'SOMETHING_NEW' as YamlErrorCode;
    expect(yamlErrorText('ja', unknownCode, 'Odd')).toBe('YAML の構文が正しくありません（Odd）');
    expect(yamlErrorText('en', unknownCode, 'Odd')).toBe('Odd');
  });
});
