import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { TestUser } from '../support/test-server.ts';
import {
  docScreenshot,
  screenshotOnFailure,
  signInWithToken,
  startWebHarness,
  type WebHarness,
} from './browser.ts';

/**
 * Insights, decisions and a report's alerts in Chromium: three incidents with known milestones and
 * role holders → the charts' accessible tables show the exact figures; the investigator proposes two
 * options and the commander picks one; an Alertmanager group becomes a report whose alerts show in
 * the queue and on the report page.
 */

interface Declared {
  id: string;
  number: number;
}

describe('insights, decisions and report alerts (Chromium)', () => {
  let h: WebHarness;
  let carol: TestUser;
  let dan: TestUser;
  let erin: TestUser;
  const incidents: Declared[] = [];

  async function api<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    token = h.server.adminToken,
  ): Promise<T> {
    const res = await h.server.app.inject({
      method,
      url,
      headers: h.server.auth(token),
      ...(payload && { payload }),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json<T>();
  }

  /** Declares, assigns the roles, then moves detection back so time to acknowledge is exactly `minutes`. */
  async function incident(
    title: string,
    severity: string,
    minutes: number,
    investigator: TestUser | null,
    service: string | null,
  ): Promise<Declared> {
    const declared = await api<Declared>('POST', '/api/v1/incidents', {
      title,
      summary: '',
      impact: 'Some users',
      severity,
      platforms: ['web'],
    });
    await api('PUT', `/api/v1/incidents/${declared.id}/roles/commander`, { userId: carol.user.id });
    if (investigator)
      await api('PUT', `/api/v1/incidents/${declared.id}/roles/investigator`, {
        userId: investigator.user.id,
      });
    const detail = await api<{ milestones: Record<string, string | null> }>(
      'GET',
      `/api/v1/incidents/${declared.id}`,
    );
    const acknowledged = Date.parse(detail.milestones['acknowledgedAt'] ?? '');
    await api('PATCH', `/api/v1/incidents/${declared.id}/milestones`, {
      milestone: 'detected_at',
      at: new Date(acknowledged - minutes * 60_000).toISOString(),
      reason: 'from the logs',
    });
    if (service) await api('PUT', `/api/v1/incidents/${declared.id}/service`, { service });
    return declared;
  }

  /** The cells of a table, row by row (header row first). */
  async function cells(table: Locator): Promise<string[][]> {
    const rows = await table.locator('tr').all();
    return Promise.all(
      rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((text) => text.trim())),
    );
  }

  async function step(page: Page, name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      await screenshotOnFailure(page, name);
      throw error;
    }
  }

  beforeAll(async () => {
    h = await startWebHarness();
    carol = await h.server.createUser('responder', { name: 'Carol Sato' });
    dan = await h.server.createUser('responder', { name: 'Dan Ito' });
    erin = await h.server.createUser('responder', { name: 'Erin Mori' });
    incidents.push(await incident('Payments down', 'SEV1', 5, dan, 'payments'));
    incidents.push(await incident('Slow checkout', 'SEV2', 15, erin, 'payments'));
    incidents.push(await incident('Search errors', 'SEV2', 25, null, 'search'));
    // The third is fixed and resolved; its prevention actions: one done, one open whose due date has since passed.
    const first = incidents[2] as Declared;
    await api('POST', `/api/v1/incidents/${first.id}/releases`, { platform: 'web', kind: 'fix' });
    await api('POST', `/api/v1/incidents/${first.id}/status`, {
      status: 'monitoring',
      note: 'fix released',
    });
    await api('POST', `/api/v1/incidents/${first.id}/status`, {
      status: 'resolved',
      note: 'quiet',
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const done = await api<{ id: string }>('POST', `/api/v1/incidents/${first.id}/actions`, {
      title: 'Alert on 5xx',
      ownerId: dan.user.id,
      dueDate: tomorrow,
    });
    await api('PATCH', `/api/v1/actions/${done.id}`, {
      status: 'done',
      evidence: 'https://git.example.test/pr/1',
    });
    const late = await api<{ id: string }>('POST', `/api/v1/incidents/${first.id}/actions`, {
      title: 'Load test',
      ownerId: dan.user.id,
      dueDate: tomorrow,
    });
    await h.server.store.db
      .updateTable('actions')
      .set({ due_date: '2020-01-06' })
      .where('id', '=', late.id)
      .execute();
  });
  afterAll(async () => h?.close());

  it(
    'draws the insights with the exact figures in each chart’s accessible table',
    { timeout: 60_000 },
    async () => {
      // A tall window: the docs' screenshot shows every chart.
      const page = await (await h.context({ viewport: { width: 1280, height: 1700 } })).newPage();
      const expected = await api<{ overTime: { bucket: string }[] }>(
        'GET',
        '/api/v1/insights?bucket=week',
      );
      const week = expected.overTime.map((b) => b.bucket);
      expect(week).toHaveLength(1);
      await step(page, 'insights', async () => {
        await signInWithToken(page, h.server.adminToken);
        await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
        await page.getByRole('link', { name: 'Insights' }).click();
        await page.getByTestId('chart-over-time').waitFor();
        expect(await page.getByTestId('insights-totals').textContent()).toBe(
          '3 incidents (0 canceled, 0 reopened)',
        );

        const overTime = page.getByTestId('chart-over-time');
        expect(await overTime.getByRole('img').getAttribute('aria-label')).toMatch(
          /^Stacked bars: incidents per Week, by severity\. 3 incidents in \d+ periods, at most 3 in one\.$/,
        );
        expect(await cells(overTime.getByRole('table'))).toEqual([
          ['Period starting', 'SEV1', 'SEV2', 'Total'],
          [week[0], '1', '2', '3'],
        ]);

        // Acknowledge: 5, 15 and 25 minutes (median 15, p90 23); SEV1 5; SEV2 15 and 25 (median 20, p90 24).
        expect(await cells(page.getByTestId('chart-time-to').getByRole('table'))).toEqual([
          ['Figure', 'Median', '90th percentile', 'Incidents measured'],
          ['Acknowledge — All', '15m', '23m', '3'],
          ['Acknowledge — SEV1', '5m', '5m', '1'],
          ['Acknowledge — SEV2', '20m', '24m', '2'],
          // Only the third was mitigated and resolved, 25 minutes after its detection.
          ['Mitigate — All', '25m', '25m', '1'],
          ['Mitigate — SEV2', '25m', '25m', '1'],
          ['Resolve — All', '25m', '25m', '1'],
          ['Resolve — SEV2', '25m', '25m', '1'],
        ]);
        const statuses = await cells(page.getByTestId('chart-time-in-status').getByRole('table'));
        expect(statuses.map((row) => [row[0], row[3]])).toEqual([
          ['Figure', 'Incidents measured'],
          ['Responding', '3'],
          ['Monitoring', '1'],
          ['Resolved', '1'],
        ]);

        const commander = page.getByTestId('chart-load-commander');
        expect(await commander.getByRole('heading').textContent()).toBe(
          'Incident commander load per person',
        );
        expect(await page.getByTestId('load-commander-dependency').textContent()).toBe(
          'Single-person dependency: Carol Sato held it in every incident (3).',
        );
        expect(await cells(commander.getByRole('table'))).toEqual([
          ['Person', 'Incidents', 'Share'],
          ['Carol Sato', '3', '100%'],
        ]);
        expect(await page.getByTestId('load-investigator-dependency').textContent()).toBe(
          'Spread: about 2 people carry it evenly (busiest 50%).',
        );
        expect(await cells(page.getByTestId('chart-load-investigator').getByRole('table'))).toEqual(
          [
            ['Person', 'Incidents', 'Share'],
            ['Dan Ito', '1', '50%'],
            ['Erin Mori', '1', '50%'],
          ],
        );

        expect(await page.getByTestId('completion-rate').textContent()).toBe('50%');
        expect(await page.getByTestId('overdue-count').textContent()).toBe('1');
        expect(await cells(page.getByTestId('chart-actions').getByRole('table'))).toEqual([
          ['Figure', 'Total'],
          ['Done', '1'],
          ['In progress', '0'],
          ['Open', '1'],
          ['Deferred', '0'],
          ['Overdue', '1'],
          ['Completion rate', '50%'],
        ]);
        expect(await cells(page.getByTestId('chart-repeats').getByRole('table'))).toEqual([
          ['Service', 'Incidents', 'Repeats'],
          ['payments', '2', '1'],
          ['search', '1', '0'],
        ]);
        await docScreenshot(page, 'insights-en');

        // The severity filter: only the SEV2 incidents, and no per-severity rows.
        await page.getByRole('combobox', { name: 'Severity' }).click();
        await page.getByRole('option', { name: /^SEV2/ }).click();
        await page
          .getByTestId('insights-totals')
          .getByText('2 incidents (0 canceled, 0 reopened)')
          .waitFor();
        expect(await cells(page.getByTestId('chart-time-to').getByRole('table'))).toEqual([
          ['Figure', 'Median', '90th percentile', 'Incidents measured'],
          ['Acknowledge — All', '20m', '24m', '2'],
          ['Mitigate — All', '25m', '25m', '1'],
          ['Resolve — All', '25m', '25m', '1'],
        ]);
      });
      const ja = await (
        await h.context({ locale: 'ja-JP', viewport: { width: 1280, height: 1700 } })
      ).newPage();
      await step(ja, 'insights-ja', async () => {
        await signInWithToken(ja, h.server.adminToken);
        await ja.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
        await ja.goto('/insights');
        await ja.getByTestId('chart-over-time').waitFor();
        expect(await ja.getByTestId('load-commander-dependency').textContent()).toBe(
          '属人化: Carol Sato さんがすべてのインシデント(3 件)を担当しています。',
        );
        await docScreenshot(ja, 'insights-ja');
      });
    },
  );

  it(
    'the investigator proposes two options and the commander picks one; others get no buttons',
    { timeout: 60_000 },
    async () => {
      const first = incidents[0] as Declared;
      const investigator = await (await h.context()).newPage();
      await step(investigator, 'propose', async () => {
        await signInWithToken(investigator, dan.token);
        await investigator.goto(`/incidents/${first.number}`);
        const panel = investigator.getByRole('region', { name: 'Decisions' });
        await panel.getByText('No option proposed and no decision recorded yet.').waitFor();
        expect(await panel.getByRole('button', { name: 'Record the decision' }).count()).toBe(0);
        await panel.getByLabel('Option 1: title').fill('Roll back web to v41');
        await panel
          .getByLabel('Option 1: risk and expected effect')
          .fill('Loses the new search; stops the 500s within 5 minutes');
        await panel.getByLabel('Option 2: title').fill('Hotfix the payment client');
        await panel.getByRole('button', { name: 'Propose these options' }).click();
        await panel.getByTestId('options').waitFor();
        expect(
          await panel
            .getByTestId('options')
            .getByText(/^Proposed by Dan Ito, /)
            .count(),
        ).toBe(1);
        expect(await panel.getByTestId('option').allTextContents()).toEqual([
          'Roll back web to v41Loses the new search; stops the 500s within 5 minutes',
          'Hotfix the payment client',
        ]);
      });
      const commander = await (await h.context()).newPage();
      await step(commander, 'decide', async () => {
        await signInWithToken(commander, carol.token);
        await commander.goto(`/incidents/${first.number}`);
        const panel = commander.getByRole('region', { name: 'Decisions' });
        expect(await panel.getByLabel('Option 1: title').count()).toBe(0);
        await panel
          .getByRole('button', { name: 'Choose this option: Roll back web to v41' })
          .click();
        const decision = panel.getByTestId('decision');
        await decision.waitFor();
        expect(await decision.textContent()).toMatch(
          /^Roll back web to v41Decided by Carol Sato, /,
        );
        await panel
          .getByTestId('option')
          .filter({ hasText: 'Roll back web to v41' })
          .getByText('Chosen')
          .waitFor();
        expect(await panel.getByRole('button', { name: /^Choose this option/ }).count()).toBe(1);
      });
      const detail = await api<{
        decisions: { kind: string; authorName: string; body: Record<string, unknown> }[];
      }>('GET', `/api/v1/incidents/${first.id}`);
      expect(detail.decisions.map((d) => [d.kind, d.authorName])).toEqual([
        ['options', 'Dan Ito'],
        ['decision', 'Carol Sato'],
      ]);
      expect(detail.decisions[1]?.body).toEqual({
        optionKey: 'p1-o1',
        decision: 'Roll back web to v41',
        rationale: null,
      });
    },
  );

  it(
    'a report made from alerts shows its alert count in the queue and its alerts on its page',
    { timeout: 60_000 },
    async () => {
      const source = await api<{ id: string; url: string; secret: string }>(
        'POST',
        '/api/v1/alert-sources',
        { kind: 'alertmanager', name: 'Prometheus prod' },
      );
      const payload = readFileSync(
        new URL('../alerts/fixtures/alertmanager-firing.json', import.meta.url),
        'utf8',
      );
      const delivered = await h.server.app.inject({
        method: 'POST',
        url: source.url,
        headers: { authorization: `Bearer ${source.secret}`, 'content-type': 'application/json' },
        payload,
      });
      expect(delivered.statusCode).toBe(200);
      const page = await (await h.context()).newPage();
      await step(page, 'report-alerts', async () => {
        await signInWithToken(page, h.server.adminToken);
        const queue = page.getByRole('region', {
          name: 'Reports waiting for a quick investigation',
        });
        await queue.getByTestId('alert-count').waitFor();
        expect(await queue.getByTestId('alert-count').textContent()).toBe('2 alerts, 2 firing');
        await queue.getByRole('link', { name: /Checkout 5xx rate above 5%/ }).click();
        await page.getByTestId('report-alerts').waitFor();
        expect(await page.getByTestId('alerts-summary').textContent()).toBe('2 alerts, 2 firing');
        const rows = page.getByTestId('report-alert');
        expect(await rows.count()).toBe(2);
        const first = rows.filter({ hasText: 'Checkout 5xx rate above 5%' });
        expect(await first.getByText('Prometheus prod').count()).toBe(1);
        expect(await first.getByText('alertname=CheckoutHighErrorRate').count()).toBe(1);
        expect(await first.getByText('Firing').count()).toBe(1);
        expect(await first.getByRole('link').getAttribute('href')).toMatch(
          /^http:\/\/prometheus\.example\.test:9090\/graph\?g0\.expr=rate/,
        );
      });
    },
  );
});
