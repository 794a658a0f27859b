import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertJobRunner } from '../../src/jobs/alerts/alert-jobs.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { alertsOfReport, createSource, deliver, get, outboxRows, post, reportsOf, type Json, type Source } from './support.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** An Alertmanager delivery of `alerts` ([fingerprint, service, status]) starting at `startsAt`. */
function amDelivery(alerts: [string, string, 'firing' | 'resolved'][], startsAt = '2025-03-31T23:50:00Z'): Json {
  return {
    version: '4',
    groupKey: '{}:{}',
    receiver: 'hikeshi',
    status: alerts.some((a) => a[2] === 'firing') ? 'firing' : 'resolved',
    alerts: alerts.map(([fingerprint, service, status]) => ({
      status,
      labels: { alertname: `Alert ${fingerprint}`, service, severity: 'warning' },
      annotations: { summary: `Alert ${fingerprint} on ${service}` },
      startsAt,
      endsAt: status === 'resolved' ? '2025-04-01T00:00:00Z' : '0001-01-01T00:00:00Z',
      fingerprint,
    })),
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test',
  };
}

describe.each(testDatabaseKinds())('alert grouping, incidents and convergence on %s', (kind) => {
  let server: TestServer;
  let source: Source;

  beforeEach(async () => {
    server = await startTestServer(kind);
    source = await createSource(server, 'alertmanager');
  });
  afterEach(async () => {
    await server.close();
  });

  it('a storm (10,000 firing alerts in 100 deliveries over 20 fingerprints × 10 services) makes 10 reports and 200 rows', async () => {
    const services = Array.from({ length: 10 }, (_, i) => `svc-${i}`);
    const fingerprints = services.flatMap((service) => Array.from({ length: 20 }, (_, j) => [`${service}-fp-${j}`, service] as const));
    for (let round = 0; round < 25; round += 1) {
      const batches: Promise<unknown>[] = [];
      for (let b = 0; b < 4; b += 1) {
        const picked = Array.from({ length: 100 }, (_, k) => fingerprints[(round * 37 + b * 100 + k) % fingerprints.length]!);
        batches.push(deliver(server, source, amDelivery(picked.map(([fp, svc]) => [fp, svc, 'firing']))).then((r) => expect(r.status).toBe(200)));
      }
      await Promise.all(batches);
    }
    const reports = await reportsOf(server);
    expect(reports).toHaveLength(10);
    const alerts = await server.store.db.selectFrom('alerts').select(({ fn }) => [fn.countAll<number>().as('n'), fn.sum<number>('count').as('deliveries')]).executeTakeFirstOrThrow();
    expect(Number(alerts.n)).toBe(200);
    expect(Number(alerts.deliveries)).toBe(10_000);
    for (const report of reports) {
      const shown = await alertsOfReport(server, report['id'] as string);
      expect(shown).toHaveLength(20);
      expect(new Set(shown.map((a) => a.service)).size).toBe(1);
      expect(shown.every((a) => a.status === 'firing')).toBe(true);
    }
    expect(await server.store.db.selectFrom('timeline_events').select('id').where('type', '=', 'report.created').execute()).toHaveLength(10);
    // The reports waiting are on the App Home: their openings record its refresh (one per 5 s window).
    expect((await outboxRows(server, 'slack.refresh_home')).length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('a batch is stored whole or not at all; bad input is refused and counted', async () => {
    const bad = amDelivery([['a1', 'checkout', 'firing'], ['a2', 'checkout', 'firing']]);
    (bad['alerts'] as Json[])[1]!['startsAt'] = 'yesterday';
    const refused = await deliver(server, source, bad);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('alerts.1.startsAt');
    expect(await server.store.db.selectFrom('alerts').select('id').execute()).toEqual([]);
    expect(await reportsOf(server)).toEqual([]);

    const cases: [string, () => Promise<{ status: number }>, number, string][] = [
      ['malformed JSON', () => deliver(server, source, '{"version": "4", '), 400, 'invalid_json'],
      ['wrong shape', () => deliver(server, source, { alerts: 'none' }), 400, 'validation_failed'],
      ['payload from Grafana', () => deliver(server, source, { ...amDelivery([['g', 'x', 'firing']]), version: '1', orgId: 1 }), 400, 'validation_failed'],
      ['payload from Sentry', () => deliver(server, source, { action: 'triggered', data: { event: { issue_id: '1', title: 't' } } }), 400, 'validation_failed'],
      ['missing secret', () => deliver(server, source, amDelivery([['a1', 'checkout', 'firing']]), { authorization: '' }), 401, 'unauthenticated'],
      ['wrong secret', () => deliver(server, source, amDelivery([['a1', 'checkout', 'firing']]), { authorization: 'Bearer hka_wrong' }), 401, 'unauthenticated'],
      ['too large', () => deliver(server, source, JSON.stringify({ ...amDelivery([]), pad: 'x'.repeat(1024 * 1024 + 10) })), 413, 'payload_too_large'],
      ['not JSON', () => deliver(server, source, 'alerts', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
    ];
    for (const [name, send, status] of cases) expect((await send()).status, name).toBe(status);
    const unknown = await deliver(server, { ...source, url: '/api/v1/alerts/00000000-0000-4000-8000-000000000000' }, amDelivery([]));
    expect(unknown.status).toBe(404);
    const counters = await get(server, `/api/v1/alert-sources/${source.id}`);
    const expected: Record<string, number> = {};
    for (const code of ['validation_failed', ...cases.map((c) => c[3])]) expected[code] = (expected[code] ?? 0) + 1;
    expect(counters).toMatchObject({ acceptedCount: 0, rejectedCount: cases.length + 1, rejections: expected });
    expect((counters['lastRejection'] as Json)['code']).toBe('unsupported_media_type');
    expect(await server.store.db.selectFrom('alerts').select('id').execute()).toEqual([]);
  });

  it('alerts of a service with an active incident go to its timeline; resolving and quiet → ready to resolve; a new alert says so', async () => {
    await deliver(server, source, amDelivery([['c1', 'checkout', 'firing']]));
    const [report] = await reportsOf(server);
    const declared = await post(server, `/api/v1/reports/${report?.['id'] as string}/declare`, { severity: 'SEV3', platforms: ['web'] });
    expect(declared.status).toBe(201);
    const incidentId = declared.body['id'] as string;
    // Time to detect: the incident's detectedAt is the alert's own start.
    expect((declared.body['milestones'] as Json)['detectedAt']).toBe('2025-03-31T23:50:00.000Z');

    // A new alert of the same service while the incident is active: on its timeline, no new report.
    const second = await deliver(server, source, amDelivery([['c2', 'checkout', 'firing']]));
    expect(second.body).toMatchObject({ opened: 1, reportIds: [] });
    expect(await reportsOf(server)).toHaveLength(1);
    const types = async () => ((await get(server, `/api/v1/incidents/${incidentId}/timeline?limit=200`))['items'] as Json[]).map((e) => e['type']);
    expect(await types()).toContain('incident.alert_firing');

    await post(server, `/api/v1/incidents/${incidentId}/releases`, { platform: 'web', kind: 'fix' });
    const monitoring = await post(server, `/api/v1/incidents/${incidentId}/status`, { status: 'monitoring' });
    expect(monitoring.status, JSON.stringify(monitoring.body)).toBe(200);

    const runner = alertJobRunner(server.deps.app, server.store, quiet as never);
    server.clock.advance(5 * 60_000);
    await deliver(server, source, amDelivery([['c1', 'checkout', 'resolved'], ['c2', 'checkout', 'resolved']]));
    expect((await types()).filter((t) => t === 'incident.alert_resolved')).toHaveLength(2);
    // SEV3 watches 30 minutes: not before.
    server.clock.advance(20 * 60_000);
    await runner.drain();
    expect((await get(server, `/api/v1/incidents/${incidentId}`))['readyToResolveAt']).toBeNull();
    server.clock.advance(11 * 60_000);
    await runner.drain();
    const ready = await get(server, `/api/v1/incidents/${incidentId}`);
    expect(ready['readyToResolveAt']).toBe(server.clock.now().toISOString());
    expect((await get(server, `/api/v1/incidents/${incidentId}/now`))['readyToResolveAt']).toBe(ready['readyToResolveAt']);
    expect(await types()).toContain('incident.ready_to_resolve');
    let messages = (await outboxRows(server, 'slack.post_message')).filter((m) => m.incident_id === incidentId);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.payload['text']).toContain('30');

    // A new firing alert in the window: the incident says so, and is no longer ready.
    server.clock.advance(60_000);
    await deliver(server, source, amDelivery([['c3', 'checkout', 'firing']], '2025-04-01T00:36:00Z'));
    expect((await get(server, `/api/v1/incidents/${incidentId}`))['readyToResolveAt']).toBeNull();
    messages = (await outboxRows(server, 'slack.post_message')).filter((m) => m.incident_id === incidentId);
    expect(messages).toHaveLength(2);
    const firingEvents = ((await get(server, `/api/v1/incidents/${incidentId}/timeline?limit=200&type=incident.alert_firing`))['items'] as Json[]).map((e) => (e['data'] as Json)['duringWatch']);
    expect(firingEvents).toEqual([false, true]);
  });

  it('dismissing a report files an improvement ticket: listed, CSV, and one outbound webhook', async () => {
    await deliver(server, source, amDelivery([['d1', 'batch', 'firing']]));
    const [report] = await reportsOf(server);
    const dismissed = await post(server, `/api/v1/reports/${report?.['id'] as string}/dismiss`, { reason: 'Nightly batch, "expected", no users' });
    expect(dismissed.status).toBe(200);
    const tickets = await get(server, '/api/v1/improvement-tickets');
    expect((tickets['items'] as Json[]).map((t) => t['id'])).toEqual([dismissed.body['ticketId']]);
    const csv = await server.app.inject({ method: 'GET', url: '/api/v1/improvement-tickets', headers: { ...server.auth(server.adminToken), accept: 'text/csv' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,report_number,report_id,title,reason,created_by,created_at');
    expect(lines[1]).toContain('"Nightly batch, ""expected"", no users"');
    const hooks = await outboxRows(server, 'webhook.deliver');
    expect(hooks.map((h) => [h.payload['event'], (h.payload['data'] as Json)['id']])).toEqual([['improvement_ticket.created', dismissed.body['ticketId']]]);
  });
});
