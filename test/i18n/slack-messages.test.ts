import { describe, expect, it } from 'vitest';
import { localeFromSlack, slackMessages, slackText, type SlackMessageKey } from '../../src/i18n/slack-messages.ts';

/** The one Slack text catalogue: every key in Japanese and English, and placeholders that agree. */

const keys = Object.keys(slackMessages) as SlackMessageKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the Slack text catalogue', () => {
  it('has a non-empty Japanese and English text for every key', () => {
    expect(keys.length).toBeGreaterThan(130);
    for (const key of keys) {
      const text = slackMessages[key] as { ja: unknown; en: unknown };
      expect(Object.keys(text).sort(), key).toEqual(['en', 'ja']);
      expect(typeof text.ja === 'string' && text.ja.trim().length > 0, `${key} ja`).toBe(true);
      expect(typeof text.en === 'string' && text.en.trim().length > 0, `${key} en`).toBe(true);
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of keys) {
      const { ja, en } = slackMessages[key];
      expect(placeholders(ja), key).toEqual(placeholders(en));
    }
  });

  it('keeps the texts the two former catalogues had (modal, command and App Home texts included)', () => {
    expect(slackText('en', 'declareTitle')).toBe('Declare an incident');
    expect(slackText('ja', 'impactScope')).toBe('影響範囲');
    expect(slackText('en', 'impactScope')).toBe('Impact scope');
    expect(slackText('en', 'impact')).toBe('Impact');
    expect(slackText('ja', 'declared', { number: 7, title: '決済' })).toBe('インシデント #7「決済」を宣言しました。');
    expect(slackText('en', 'unknownSubcommand', { sub: 'x', command: '/incident' })).toBe('Unknown subcommand "x". Try `/incident help`.');
  });

  it('reads Slack locales', () => {
    expect(localeFromSlack('ja-JP')).toBe('ja');
    expect(localeFromSlack('en-GB')).toBe('en');
    expect(localeFromSlack('fr-FR')).toBeUndefined();
    expect(localeFromSlack(undefined)).toBeUndefined();
  });
});
