import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPlaybookPath, parsePlaybook, PlaybookFileError } from '../../src/config/load-playbook.ts';

const source = readFileSync(defaultPlaybookPath, 'utf8');

function problems(text: string): string[] {
  try {
    parsePlaybook(text, 'hikeshi.yaml');
    return [];
  } catch (error) {
    if (error instanceof PlaybookFileError) return error.problems.map((p) => `${p.field} — ${p.message}`);
    throw error;
  }
}

describe('the playbook alerting section', () => {
  it('the default playbook has one, in Japanese and English', () => {
    const { playbook } = parsePlaybook(source, 'default');
    expect(playbook.alerting?.grouping).toEqual({ by: ['service'], windowMinutes: 60 });
    expect(playbook.alerting?.sources).toEqual({ default: 'report', alertmanager: 'page', pagerduty: 'page' });
    expect(Object.keys(playbook.alerting?.reportTitle ?? {})).toEqual(['ja', 'en']);
  });

  it('names only severities and platforms that exist, and known actions and kinds', () => {
    const broken = source
      .replace('    critical: SEV1\n', '    critical: SEV9\n')
      .replace('  rules: []', '  rules:\n    - match: {service: checkout}\n      platform: windows\n      severity: SEV0');
    expect(problems(broken).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^alerting\.severityMap\.critical — unknown severity "SEV9"/),
        expect.stringMatching(/^alerting\.rules\[0\]\.platform — unknown platform "windows"/),
        expect.stringMatching(/^alerting\.rules\[0\]\.severity — unknown severity "SEV0"/),
      ]),
    );
    expect(problems(source.replace('    alertmanager: page', '    alertmanager: shout')).join('\n')).toContain('alerting.sources.alertmanager');
    expect(problems(source.replace('  rules: []', '  rules:\n    - match: {service: x}\n      sources: [nagios]')).join('\n')).toContain('alerting.rules[0].sources[0]');
  });

  it('is optional: a playbook without it loads (the built-in defaults apply)', () => {
    const without = source.slice(0, source.indexOf('\n# Alert webhooks'));
    expect(parsePlaybook(without, 'old.yaml').playbook.alerting).toBeUndefined();
  });
});
