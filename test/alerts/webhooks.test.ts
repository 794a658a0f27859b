import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { alertsOfReport, createSource, deliver, fixture, get, outboxRows, reportsOf, type Json } from './support.ts';

describe.each(testDatabaseKinds())('alert webhooks on %s', (kind) => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer(kind);
  });
  afterEach(async () => {
    await server.close();
  });

  it('creates sources: admins only, secret shown once, url per kind', async () => {
    const am = await createSource(server, 'alertmanager');
    expect(am.url).toBe(`/api/v1/alerts/${am.id}`);
    expect(am.secret).toMatch(/^hka_/);
    server.clock.advance(1000); // listed in creation order
    const pd = await createSource(server, 'pagerduty');
    expect(pd.url).toBe('/v2/enqueue');
    const shown = await get(server, `/api/v1/alert-sources/${am.id}`);
    expect(shown['secret']).toBeUndefined();
    expect(shown['secretPrefix']).toBe(am.secret.slice(0, 8));
    const list = await get(server, '/api/v1/alert-sources');
    expect((list['items'] as Json[]).map((s) => s['id'])).toEqual([am.id, pd.id]);
    const responder = await server.createUser('responder');
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/v1/alert-sources',
      headers: server.auth(responder.token),
      payload: { kind: 'generic', name: 'mine' },
    });
    expect(refused.statusCode).toBe(403);
    const badKind = await server.app.inject({
      method: 'POST',
      url: '/api/v1/alert-sources',
      headers: server.auth(server.adminToken),
      payload: { kind: 'nagios', name: 'x' },
    });
    expect(badKind.statusCode).toBe(400);
  });

  it('Alertmanager: a group becomes one report with its alerts; repeats count; resolve closes', async () => {
    const source = await createSource(server, 'alertmanager');
    const payload = fixture('alertmanager-firing');
    const first = await deliver(server, source, payload);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'ok', opened: 2, repeated: 0, resolved: 0 });
    const reports = await reportsOf(server);
    expect(reports).toHaveLength(1);
    const report = reports[0] as Json;
    expect(report['title']).toBe('checkout のアラート: Checkout 5xx rate above 5%');
    // detectedAt: the earliest startsAt of the alerts (14:55:12 UTC from +09:00, before 14:57).
    expect(report['detectedAt']).toBe('2025-03-31T14:55:12.739Z');

    // Alertmanager re-sends the group: same rows, count goes up.
    const again = await deliver(server, source, payload);
    expect(again.body).toMatchObject({ opened: 0, repeated: 2 });
    expect(await reportsOf(server)).toHaveLength(1);
    let alerts = await alertsOfReport(server, report['id'] as string);
    expect(alerts.map((a) => [a.fingerprint, a.status, a.count, a.severity]).sort()).toEqual([
      ['4f1c2a9b7e3d5a10', 'firing', 2, 'SEV1'],
      ['9b0e77d1c2f4a3b8', 'firing', 2, 'SEV3'],
    ]);

    const resolved = structuredClone(payload);
    (resolved['alerts'] as Json[])[0]!['status'] = 'resolved';
    (resolved['alerts'] as Json[])[0]!['endsAt'] = '2025-03-31T23:59:00Z';
    const res = await deliver(server, source, { ...resolved, alerts: [(resolved['alerts'] as Json[])[0]] });
    expect(res.body).toMatchObject({ resolved: 1 });
    alerts = await alertsOfReport(server, report['id'] as string);
    expect(alerts.find((a) => a.fingerprint === '4f1c2a9b7e3d5a10')?.status).toBe('resolved');
    expect(alerts.find((a) => a.fingerprint === '9b0e77d1c2f4a3b8')?.status).toBe('firing');
    // The queue shows how many alerts a report groups and how many still fire; the detail names the source.
    expect((await reportsOf(server)).map((r) => r['alertCounts'])).toEqual([{ total: 2, firing: 1 }]);
    const detail = await get(server, `/api/v1/reports/${report['id'] as string}`);
    const sourceName = (await get(server, `/api/v1/alert-sources/${source.id}`))['name'];
    expect((detail['alerts'] as Json[]).map((a) => [a['sourceKind'], a['sourceName']])).toEqual([
      ['alertmanager', sourceName],
      ['alertmanager', sourceName],
    ]);

    // Replaying the firing delivery of the resolved alert changes nothing.
    const replay = await deliver(server, source, { ...payload, alerts: [(payload['alerts'] as Json[])[0]] });
    expect(replay.body).toMatchObject({ opened: 0, ignored: 1 });
    expect(await server.store.db.selectFrom('alerts').select('id').execute()).toHaveLength(2);

    // The default playbook pages Alertmanager reports into the triage channel.
    expect((await outboxRows(server, 'slack.post_report')).map((r) => r.payload)).toEqual([{ reportId: report['id'] }]);
    const counters = await get(server, `/api/v1/alert-sources/${source.id}`);
    expect(counters).toMatchObject({ acceptedCount: 4, rejectedCount: 0 });
  });

  it('Grafana contact point with basic auth: one report, links to the panel', async () => {
    const source = await createSource(server, 'grafana');
    const basic = Buffer.from(`grafana:${source.secret}`).toString('base64');
    const res = await deliver(server, source, fixture('grafana-firing'), { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
    const [report] = await reportsOf(server);
    expect(report?.['detectedAt']).toBe('2025-03-31T23:50:00.157Z');
    const alerts = await alertsOfReport(server, report?.['id'] as string);
    expect(alerts).toMatchObject([{ fingerprint: 'c6eadffa33fcdf37', status: 'firing', service: 'search', title: 'Search memory above 90%' }]);
    // Grafana is not paged by default: a report only.
    expect(await outboxRows(server, 'slack.post_report')).toEqual([]);
  });

  it('Sentry: token in the URL or a valid Sentry-Hook-Signature; the issue resolving resolves the alert', async () => {
    const clientSecret = 'sentry-client-secret-for-tests';
    const plain = await createSource(server, 'sentry');
    const byToken = await deliver(server, { ...plain, url: `${plain.url}?token=${plain.secret}` }, fixture('sentry-event-alert'), {
      authorization: '',
      'sentry-hook-resource': 'event_alert',
    });
    expect(byToken.status).toBe(200);

    const signed = await createSource(server, 'sentry', { signingSecret: clientSecret });
    const body = JSON.stringify(fixture('sentry-event-alert'));
    const signature = createHmac('sha256', clientSecret).update(body).digest('hex');
    const ok = await deliver(server, signed, body, { authorization: '', 'sentry-hook-resource': 'event_alert', 'sentry-hook-signature': signature });
    expect(ok.status).toBe(200);
    const bad = await deliver(server, signed, body, { 'sentry-hook-resource': 'event_alert', 'sentry-hook-signature': 'f'.repeat(64) });
    expect(bad.status).toBe(401);
    const unsigned = await deliver(server, signed, body, { 'sentry-hook-resource': 'event_alert' });
    expect(unsigned.status).toBe(401);

    const [report] = await reportsOf(server);
    expect(report?.['detectedAt']).toBe('2025-03-31T23:58:30.624Z');
    const resolvedBody = JSON.stringify(fixture('sentry-issue-resolved'));
    const resolved = await deliver(server, signed, resolvedBody, {
      'sentry-hook-resource': 'issue',
      'sentry-hook-signature': createHmac('sha256', clientSecret).update(resolvedBody).digest('hex'),
    });
    expect(resolved.body).toMatchObject({ resolved: 1 });
    const counters = await get(server, `/api/v1/alert-sources/${signed.id}`);
    expect(counters).toMatchObject({ acceptedCount: 2, rejectedCount: 2, rejections: { unauthenticated: 2 } });
  });

  it('PagerDuty Events API v2: trigger, acknowledge, resolve, and a trigger after resolve opens a new alert', async () => {
    const source = await createSource(server, 'pagerduty');
    const event: Json = { ...fixture('pagerduty-trigger'), routing_key: source.secret };
    const enqueue = (body: Json) => server.app.inject({ method: 'POST', url: '/v2/enqueue', payload: body });
    const trigger = await enqueue(event);
    expect(trigger.statusCode).toBe(202);
    expect(trigger.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'payments-db-disk-1' });
    const ack = await enqueue({ routing_key: source.secret, event_action: 'acknowledge', dedup_key: 'payments-db-disk-1' });
    expect(ack.statusCode).toBe(202);
    const resolve = await enqueue({ routing_key: source.secret, event_action: 'resolve', dedup_key: 'payments-db-disk-1' });
    expect(resolve.statusCode).toBe(202);
    const rows = () => server.store.db.selectFrom('alerts').select(['status', 'acknowledged_at', 'fingerprint']).orderBy('first_seen_at').orderBy('status').execute();
    expect((await rows()).map((r) => [r.fingerprint, r.status, r.acknowledged_at !== null])).toEqual([['payments-db-disk-1', 'resolved', true]]);
    // Same dedup_key, a new problem (a later timestamp): a new alert.
    server.clock.advance(60_000);
    const retrigger = await enqueue({ ...event, payload: { ...(event['payload'] as Json), timestamp: '2025-04-01T00:00:30Z' } });
    expect(retrigger.statusCode).toBe(202);
    expect((await rows()).map((r) => r.status).sort()).toEqual(['firing', 'resolved']);
    // A trigger without dedup_key gets one.
    const generated = await enqueue({ ...event, dedup_key: undefined });
    expect(generated.json<Json>()['dedup_key']).toMatch(/^[0-9a-f]{32}$/);
    const unknownKey = await enqueue({ ...event, routing_key: 'hka_nope' });
    expect(unknownKey.statusCode).toBe(400);
    expect(unknownKey.json<{ error: Json }>().error['code']).toBe('validation_failed');
  });

  it('generic JSON: documented mapping; a typo is refused naming the field', async () => {
    const source = await createSource(server, 'generic');
    expect((await deliver(server, source, fixture('generic'))).status).toBe(200);
    const [report] = await reportsOf(server);
    const alerts = await alertsOfReport(server, report?.['id'] as string);
    expect(alerts).toMatchObject([{ fingerprint: 'login-synthetic-check', service: 'login', severity: 'SEV2', startsAt: '2025-03-31T23:40:00.000Z' }]);
    const typo = await deliver(server, source, { alerts: [{ title: 'x', lables: {} }] });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body)).toContain('lables');
  });
});
