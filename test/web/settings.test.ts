import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadDefaultPlaybook } from '../support/test-server.ts';
import { docScreenshot, screenshotOnFailure, signInWithToken, startWebHarness, type WebHarness } from './browser.ts';

/**
 * The settings page in Chromium: an admin edits SEV2's status-update cadence in the form, sees
 * the problem of a bad value at the field, the preview and diff of a good one, saves it as
 * version 2 (the playbook file rewritten, comments kept), meets a conflict when someone else
 * saved meanwhile, and reads the status tab; in Japanese and at phone width too.
 */
describe('settings page (Chromium)', () => {
  let h: WebHarness;
  let page: Page;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    h = await startWebHarness();
    dir = await mkdtemp(join(tmpdir(), 'hikeshi-web-playbook-'));
    file = join(dir, 'hikeshi.yaml');
    await writeFile(file, (await loadDefaultPlaybook()).source);
    h.server.deps.config.playbookFile = file;
    page = await (await h.context()).newPage();
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function step(name: string, body: () => Promise<void>, on: Page = page): Promise<void> {
    try {
      await body();
    } catch (error) {
      await screenshotOnFailure(on, name);
      throw error;
    }
  }

  it('edits a severity’s cadence: a bad value is named at its field, a good one previewed, then saved as version 2', async () => {
    await step('settings-open', async () => {
      await signInWithToken(page, h.server.adminToken);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('tab', { name: 'Playbook' }).click();
      await page.getByTestId('playbook-editing').getByText('Editing version 1').waitFor();
      await page.getByTestId('playbook-check').getByText('Valid').waitFor();
    });
    const sev2 = page.getByTestId('severity-SEV2');
    const cadence = sev2.getByLabel('Status update every (minutes)');
    await step('settings-bad-value', async () => {
      await cadence.fill('0');
      await sev2.getByText('must be at least 1').waitFor();
      expect(await cadence.getAttribute('aria-invalid')).toBe('true');
      await page.getByTestId('playbook-check').getByText('1 problem(s)').waitFor();
      expect(await page.getByRole('button', { name: 'Save as a new version' }).isDisabled()).toBe(true);
      await page.getByRole('tab', { name: 'YAML' }).click();
      await page.getByRole('alert').getByText(/severities\[1\]\.statusUpdateEveryMinutes/).waitFor();
      await page.getByRole('tab', { name: 'Form' }).click();
    });
    await step('settings-preview', async () => {
      await cadence.fill('45');
      await page.getByTestId('preview-SEV2').getByRole('cell', { name: '45', exact: true }).waitFor();
      await page.getByTestId('playbook-diff').getByText('Severities changed: SEV2').waitFor();
      await page.getByTestId('playbook-diff').scrollIntoViewIfNeeded();
      await docScreenshot(page, 'settings-playbook-en');
    });
    await step('settings-save', async () => {
      await page.getByRole('button', { name: 'Save as a new version' }).click();
      await page.getByTestId('playbook-saved').getByText('Saved: version 2 is in force for new incidents.').waitFor();
      await page.getByTestId('playbook-editing').getByText('Editing version 2').waitFor();
      await page.getByTestId('playbook-versions').getByText('v2').waitFor();
      await page.getByTestId('playbook-diff').getByText('No change from the version in force.').waitFor();
    });
    const written = await readFile(file, 'utf8');
    expect(written).toContain('# hikeshi default playbook.');
    expect(written.match(/statusUpdateEveryMinutes: \d+/g)).toEqual(['statusUpdateEveryMinutes: 30', 'statusUpdateEveryMinutes: 45', 'statusUpdateEveryMinutes: 240']);
    const inForce = await h.server.app.inject({ method: 'GET', url: '/api/v1/playbook', headers: h.server.auth(h.server.adminToken) });
    expect(inForce.json<{ version: number }>().version).toBe(2);
  });

  it('says someone else saved meanwhile, and reloads their version', async () => {
    const theirs = (await readFile(file, 'utf8')).replace('convergenceWatchMinutes: 30', 'convergenceWatchMinutes: 20');
    const saved = await h.server.app.inject({ method: 'PUT', url: '/api/v1/playbook', headers: h.server.auth(h.server.adminToken), payload: { yaml: theirs, baseVersion: 2 } });
    expect(saved.json<{ version: number }>().version).toBe(3);
    await step('settings-conflict', async () => {
      await page.getByTestId('severity-SEV1').getByLabel('Convergence watch (minutes)').fill('90');
      await page.getByTestId('playbook-check').getByText('Valid').waitFor();
      await page.getByRole('button', { name: 'Save as a new version' }).click();
      await page.getByTestId('playbook-conflict').getByText('Someone else saved version 3 meanwhile.', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Reload' }).click();
      await page.getByTestId('playbook-editing').getByText('Editing version 3').waitFor();
      expect(await page.getByTestId('severity-SEV3').getByLabel('Convergence watch (minutes)').inputValue()).toBe('20');
    });
  });

  it('shows the status of Slack, alert sources and webhooks', async () => {
    const created = await h.server.app.inject({ method: 'POST', url: '/api/v1/alert-sources', headers: h.server.auth(h.server.adminToken), payload: { kind: 'generic', name: 'Grafana prod' } });
    expect(created.statusCode).toBe(201);
    await step('settings-status', async () => {
      await page.getByRole('tab', { name: 'Status' }).click();
      await page.getByTestId('status-slack').getByText('Slack is not configured', { exact: false }).waitFor();
      const row = page.getByTestId('status-alert-sources').getByRole('row', { name: /Grafana prod/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('generic');
      await page.getByTestId('status-webhooks').getByText('No webhook target.').waitFor();
    });
  });

  it('reads in Japanese and fits a phone screen', async () => {
    const phone = await (await h.context({ locale: 'ja-JP', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await step(
      'settings-ja-phone',
      async () => {
        await signInWithToken(phone, h.server.adminToken);
        await phone.goto('/settings');
        await phone.getByRole('tab', { name: 'プレイブック' }).click();
        await phone.getByTestId('playbook-editing').getByText('バージョン 3 を編集中').waitFor();
        await phone.getByTestId('playbook-check').getByText('問題なし').waitFor();
        await phone.getByTestId('severity-SEV2').getByLabel('状況報告の間隔 (分)').waitFor();
        expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
        await docScreenshot(phone, 'settings-playbook-ja');
      },
      phone,
    );
  });
});
