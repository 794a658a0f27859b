import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type FakeClock, type TestServer } from '../support/test-server.ts';
import { alertsOfReport, createSource, reportsOf, type Source } from './support.ts';

/**
 * The real Prometheus Alertmanager (Debian's prometheus-alertmanager) on loopback, its webhook
 * receiver pointing at a hikeshi listening on loopback: alerts posted to Alertmanager's API v2
 * arrive grouped by service, become one report per service, and resolve.
 */

function findBinary(): string | undefined {
  for (const name of ['prometheus-alertmanager', 'alertmanager']) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return name;
  }
  return undefined;
}

const binary = findBinary();
if (!binary) {
  const message = 'prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager): the Alertmanager integration test is skipped';
  if (process.env['CI'] === 'true') throw new Error(`${message} — not allowed in CI`);
  console.warn(`SKIPPED: ${message}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A clock that is the real one: Alertmanager stamps alerts with real time. */
const realClock: FakeClock = { now: () => new Date(), set() {}, advance() {} };

describe.skipIf(!binary)('the real Alertmanager → hikeshi', () => {
  let server: TestServer;
  let source: Source;
  let alertmanager: ChildProcess | undefined;
  let amUrl = '';
  let dir = '';
  let logs = '';

  beforeAll(async () => {
    server = await startTestServer('pglite', { clock: realClock });
    source = await createSource(server, 'alertmanager');
    const hikeshiPort = await freePort();
    await server.app.listen({ port: hikeshiPort, host: '127.0.0.1' });
    const amPort = await freePort();
    amUrl = `http://127.0.0.1:${amPort}`;
    dir = mkdtempSync(join(tmpdir(), 'hikeshi-am-'));
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: hikeshi',
        "  group_by: ['service']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: hikeshi',
        '    webhook_configs:',
        `      - url: http://127.0.0.1:${hikeshiPort}${source.url}`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: ${source.secret}`,
        '',
      ].join('\n'),
    );
    alertmanager = spawn(
      binary ?? 'alertmanager',
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    alertmanager.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    alertmanager.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    await until('Alertmanager ready', async () => {
      try {
        return (await fetch(`${amUrl}/-/ready`)).ok ? true : undefined;
      } catch {
        return undefined;
      }
    });
  }, 90_000);

  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null) {
      const exited = new Promise((r) => alertmanager?.once('exit', r));
      alertmanager.kill('SIGTERM');
      await exited;
    }
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function postAlerts(alerts: { name: string; service: string; endsAt?: string }[], startsAt: string): Promise<void> {
    const res = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        alerts.map((a) => ({
          labels: { alertname: a.name, service: a.service, severity: 'critical' },
          annotations: { summary: `${a.name} on ${a.service}` },
          startsAt,
          ...(a.endsAt && { endsAt: a.endsAt }),
        })),
      ),
    });
    expect(res.status, logs).toBe(200);
  }

  it('groups by service into reports and follows the resolve path', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alerts = [
      { name: 'HighErrorRate', service: 'checkout' },
      { name: 'HighLatency', service: 'checkout' },
      { name: 'DiskFull', service: 'search' },
    ];
    await postAlerts(alerts, startsAt);
    const reports = await until('two reports', async () => {
      const found = await reportsOf(server);
      if (found.length < 2) return undefined;
      const counts = await Promise.all(found.map(async (r) => (await alertsOfReport(server, r['id'] as string)).length));
      return counts.reduce((a, b) => a + b, 0) === 3 ? found : undefined;
    });
    const byService = new Map<string, string[]>();
    for (const report of reports) {
      const shown = await alertsOfReport(server, report['id'] as string);
      byService.set(shown[0]?.service ?? '', shown.map((a) => a.title).sort());
      expect(report['detectedAt']).toBe(new Date(startsAt).toISOString());
    }
    expect(Object.fromEntries(byService)).toEqual({
      checkout: ['HighErrorRate on checkout', 'HighLatency on checkout'],
      search: ['DiskFull on search'],
    });

    // Resolve: the same alerts with an end in the past; Alertmanager sends them as resolved.
    await postAlerts(alerts.map((a) => ({ ...a, endsAt: new Date().toISOString() })), startsAt);
    await until('every alert resolved', async () => {
      const rows = await server.store.db.selectFrom('alerts').select('status').execute();
      return rows.length === 3 && rows.every((r) => r.status === 'resolved') ? true : undefined;
    });
    expect(await reportsOf(server)).toHaveLength(2);
    const source_ = await server.app.inject({ method: 'GET', url: `/api/v1/alert-sources/${source.id}`, headers: server.auth(server.adminToken) });
    expect(source_.json<{ rejectedCount: number }>().rejectedCount).toBe(0);
  }, 90_000);
});
