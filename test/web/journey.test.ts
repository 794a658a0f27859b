import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestUser } from '../support/test-server.ts';
import { docScreenshot, screenshotOnFailure, signInWithPassword, signInWithToken, startWebHarness, type WebHarness } from './browser.ts';

/**
 * The web app in Debian's Chromium: sign in, declare a SEV2 from the form, see it appear live on
 * a second person's dashboard, take the commander role, walk the now view to resolved (a refused
 * step shows the guard's message), Japanese for a ja browser, and a phone-width screen.
 */

const PASSWORD = 'incident-ready-42';

describe('web app journeys (Chromium)', () => {
  let h: WebHarness;
  let alice: TestUser;
  let alicePage: Page;
  let incidentPath = '';

  beforeAll(async () => {
    h = await startWebHarness();
    alice = await h.server.createUser('responder', { name: 'Alice Tanaka' });
    const set = await h.server.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${alice.user.id}/password`,
      headers: h.server.auth(h.server.adminToken),
      payload: { password: PASSWORD },
    });
    expect(set.statusCode).toBe(204);
    alicePage = await (await h.context()).newPage();
  });
  afterAll(async () => h.close());

  /** Runs a step; a failure leaves a screenshot of the page in test-results/. */
  async function step(page: Page, name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      await screenshotOnFailure(page, name);
      throw error;
    }
  }

  it('signs in, declares a SEV2 from the form, and a second page on the dashboard shows it live', async () => {
    const watcher = await (await h.context()).newPage();
    await step(watcher, 'watcher-sign-in', async () => {
      await signInWithToken(watcher, h.server.adminToken);
      await watcher.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await watcher.getByText('No active incident.').waitFor();
      await watcher.getByTestId('live').getByText('Live').waitFor();
      await watcher.evaluate('window.notReloaded = true');
    });
    await step(alicePage, 'declare', async () => {
      await signInWithPassword(alicePage, alice.user.email, PASSWORD);
      await alicePage.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await alicePage.getByRole('link', { name: 'Declare' }).click();
      await alicePage.getByLabel('Title').fill('Checkout returns 500');
      await alicePage.getByLabel('Impact').fill('Nobody can pay by card');
      await alicePage.getByLabel(/^SEV2 — /).check();
      await alicePage.getByRole('button', { name: 'Declare', exact: true }).click();
      await alicePage.getByTestId('now-view').waitFor();
      incidentPath = new URL(alicePage.url()).pathname;
      expect(incidentPath).toMatch(/^\/incidents\/\d+$/);
      expect(await alicePage.getByTestId('incident-title').textContent()).toContain('Checkout returns 500');
      expect(await alicePage.locator('[aria-current="step"]').textContent()).toBe('Responding');
    });
    await step(watcher, 'watcher-live', async () => {
      const row = watcher.getByTestId('active-incidents').getByRole('row', { name: /Checkout returns 500/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('SEV2');
      expect(await row.textContent()).toContain('Responding');
      expect(await watcher.evaluate('window.notReloaded')).toBe(true);
      await docScreenshot(watcher, 'dashboard-en');
    });
  });

  it('takes the commander role and walks the now view to resolved; a refused step shows the guard’s message', async () => {
    const page = alicePage;
    await step(page, 'walk', async () => {
      const commander = page.getByTestId('role-commander');
      await commander.getByRole('button', { name: 'Take this role' }).click();
      await commander.getByText('Holder: Alice Tanaka').waitFor();

      await page.getByTestId('advance').click();
      const refusal = page.getByTestId('error');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('Record a release or a rollback first.');
      await docScreenshot(page, 'incident-refused-en');
      expect(await page.locator('[aria-current="step"]').textContent()).toBe('Responding');

      await page.getByRole('region', { name: 'Releases and rollbacks' }).getByLabel('Note').fill('Rolled back to v41');
      await page.getByRole('region', { name: 'Releases and rollbacks' }).getByRole('combobox', { name: 'Kind' }).click();
      await page.getByRole('option', { name: 'Rollback' }).click();
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await page.getByTestId('blockers').waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Move to Monitoring' }).click();
      await page.locator('[aria-current="step"]', { hasText: 'Monitoring' }).waitFor();
      await page.getByRole('button', { name: 'Move to Resolved' }).click();
      await page.locator('[aria-current="step"]', { hasText: 'Resolved' }).waitFor();
      await page.getByTestId('timeline').getByText('incident.release_recorded').waitFor();
    });
    const detail = await h.server.app.inject({ method: 'GET', url: `/api/v1${incidentPath}`, headers: h.server.auth(h.server.adminToken) });
    const body = detail.json<{ status: string; roles: { commander: { id: string } | null }; releases: { kind: string }[] }>();
    expect([body.status, body.roles.commander?.id, body.releases.map((r) => r.kind)]).toEqual(['resolved', alice.user.id, ['rollback']]);
  });

  it('writes and publishes the postmortem, completes the prevention action with evidence, and closes', { timeout: 60_000 }, async () => {
    const page = alicePage;
    await step(page, 'postmortem', async () => {
      await page.getByRole('button', { name: 'Move to Postmortem' }).click();
      await page.locator('[aria-current="step"]', { hasText: 'Postmortem' }).waitFor();
      await page.getByRole('link', { name: 'Open the postmortem' }).click();
      await page.getByTestId('postmortem-status').getByText('Draft').waitFor();
      const missing = page.locator('[data-required="missing"]');
      while ((await missing.count()) > 0) {
        const before = await missing.count();
        const section = missing.first();
        await section.getByRole('textbox').fill('Written from the browser test.');
        await section.getByRole('button', { name: 'Save' }).click();
        await expect.poll(() => missing.count(), { timeout: 10_000 }).toBeLessThan(before);
      }
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByTestId('postmortem-status').getByText(/^Published/).waitFor();
      await page.getByLabel('Title').fill('Alert on checkout 5xx');
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await page.getByRole('link', { name: 'Prevention actions →' }).waitFor();
      await page.goto(incidentPath);
      await page.getByRole('button', { name: 'Move to Follow-up' }).click();
      await page.locator('[aria-current="step"]', { hasText: 'Follow-up' }).waitFor();
      await page.getByRole('button', { name: 'Move to Closed' }).click();
      await page.getByTestId('error').waitFor();
      await page.goto('/actions');
      const action = page.getByTestId('action').filter({ hasText: 'Alert on checkout 5xx' });
      await action.getByLabel('Evidence (a link or a note)').fill('https://git.example.test/pr/7');
      await action.getByRole('button', { name: 'Mark done' }).click();
      await action.waitFor({ state: 'detached' });
      await page.goto(incidentPath);
      await page.getByRole('button', { name: 'Move to Closed' }).click();
      await page.locator('[aria-current="step"]', { hasText: 'Closed' }).waitFor();
    });
    const actions = await h.server.app.inject({ method: 'GET', url: '/api/v1/actions?status=done', headers: h.server.auth(h.server.adminToken) });
    expect(actions.json<{ items: { title: string; evidence: string }[] }>().items.map((a) => [a.title, a.evidence])).toEqual([['Alert on checkout 5xx', 'https://git.example.test/pr/7']]);
  });

  it('speaks Japanese to a ja browser, switches to English and keeps the choice', async () => {
    const page = await (await h.context({ locale: 'ja-JP' })).newPage();
    await step(page, 'japanese', async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'hikeshi にサインイン' }).waitFor();
      await page.getByLabel('API トークン').fill('hks_wrong');
      await page.getByRole('button', { name: 'トークンでサインイン' }).click();
      expect(await page.getByTestId('error').textContent()).toContain('メールアドレスかパスワード（またはトークン）が正しくありません。');
      await signInWithToken(page, h.server.adminToken);
      await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
      await page.getByRole('heading', { name: '対応中のインシデント' }).waitFor();
      await page.getByRole('link', { name: '再発防止策' }).waitFor();
      await docScreenshot(page, 'dashboard-ja');
      await page.goto(incidentPath);
      await page.getByRole('heading', { name: '今' }).waitFor();
      await docScreenshot(page, 'incident-ja');
      await page.goto('/declare');
      await page.getByLabel(/^SEV1 — /).waitFor();
      await docScreenshot(page, 'declare-ja');
      await page.goto('/');
      await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
      await page.getByRole('banner').getByText('English', { exact: true }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    });
  });

  it('is usable at phone width: no sideways scrolling, the menu opens, the now view shows', async () => {
    const context = await h.context({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await step(page, 'phone', async () => {
      await signInWithPassword(page, alice.user.email, PASSWORD);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'menu' }).click();
      await page.getByRole('link', { name: 'Prevention actions' }).click();
      await page.getByRole('heading', { name: 'Prevention actions' }).waitFor();
      await page.goto(incidentPath);
      await page.getByTestId('now-view').waitFor();
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    });
  });
});
