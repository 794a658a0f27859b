import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSourceSecret } from '../../src/store/alerts.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { waitFor } from '../jobs/support.ts';
import { createSource, deliver, fixture, type Source } from './support.ts';

/**
 * Deliveries look their source up in a short-lived cache (src/adapters/alerts/webhook.routes.ts).
 * A change to what a source admits must still hold at once: through this process's API on the very
 * next delivery, from another process as soon as its NOTIFY arrives (not after the 10 s TTL).
 */
describe.each(testDatabaseKinds())('alert sources remembered between deliveries (%s)', (kind) => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer(kind);
  });
  afterEach(async () => {
    await server.close();
  });

  const admin = (method: 'POST' | 'DELETE', url: string) => server.app.inject({ method, url, headers: server.auth(server.adminToken) });

  const status = async (source: Source) => (await deliver(server, source, fixture('alertmanager-firing'))).status;

  it('refuses the old secret on the very next delivery after a rotation through the API', async () => {
    const source = await createSource(server, 'alertmanager');
    expect(await status(source)).toBe(200);
    const rotated = await admin('POST', `/api/v1/alert-sources/${source.id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    expect(await status(source)).toBe(401);
    const renewed = { ...source, secret: rotated.json<{ secret: string }>().secret };
    expect(await status(renewed)).toBe(200);
  });

  it('answers 404 on the very next delivery after the source is deleted through the API', async () => {
    const source = await createSource(server, 'alertmanager');
    expect(await status(source)).toBe(200);
    expect((await admin('DELETE', `/api/v1/alert-sources/${source.id}`)).statusCode).toBe(204);
    expect(await status(source)).toBe(404);
  });

  it('sees a secret changed and a source deleted by another process (NOTIFY), not after the TTL', async () => {
    const rotated = await createSource(server, 'alertmanager');
    const deleted = await createSource(server, 'alertmanager');
    const pagerDuty = await createSource(server, 'pagerduty');
    for (const source of [rotated, deleted]) expect(await status(source)).toBe(200);
    const event = (routingKey: string) =>
      server.app.inject({ method: 'POST', url: '/v2/enqueue', payload: { ...fixture('pagerduty-trigger'), routing_key: routingKey } });
    expect((await event(pagerDuty.secret)).statusCode).toBe(202);

    // Another process's writes: straight to the database, no API request in this one.
    const db = server.store.db;
    await db.updateTable('alert_sources').set({ secret_hash: hashSourceSecret('another secret') }).where('id', '=', rotated.id).execute();
    await db.updateTable('alert_sources').set({ deleted_at: new Date() }).where('id', 'in', [deleted.id, pagerDuty.id]).execute();

    // As the NOTIFY arrives: well within 3 s, not after the 10 s TTL.
    await waitFor(async () => (await status(rotated)) === 401, 3000);
    await waitFor(async () => (await status(deleted)) === 404, 3000);
    expect([await status(rotated), await status(deleted)]).toEqual([401, 404]);
    expect((await event(pagerDuty.secret)).statusCode).toBe(400);
  });
});
