import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startTestServer, type TestServer, type TestUser } from '../support/test-server.ts';

interface StreamedEvent {
  event: string;
  data: { type: string; incidentId: string | null };
}

/** Reads server-sent events from a live HTTP stream until `count` arrive or time runs out. */
async function collect(url: string, token: string, until: (events: StreamedEvent[]) => boolean, timeoutMs = 5_000) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const events: StreamedEvent[] = [];
  const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
  const decoder = new TextDecoder();
  let buffer = '';
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const ready = { status: response.status, type: response.headers.get('content-type') };
  const done = (async () => {
    try {
      while (reader && !until(events)) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as StreamedEvent['data'] });
        }
      }
    } catch {
      // aborted by the timeout: return what arrived
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return events;
  })();
  return { ready, done };
}

describe.each(testDatabaseKinds())('live updates (SSE) on %s', (kind) => {
  let t: TestServer;
  let base: string;
  let alice: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    t = await startTestServer(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    alice = await t.createUser('responder');
    viewer = await t.createUser('viewer');
  });
  afterAll(async () => t.close());

  const declare = (body: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: t.auth(alice.token), payload: body });

  it('streams committed changes, and private incidents only to their members and admins', async () => {
    let publicId = '';
    const viewerStream = await collect(`${base}/api/v1/events`, viewer.token, (e) => e.some((x) => x.data.incidentId === publicId && x.event === 'incident.status_changed'));
    const adminStream = await collect(`${base}/api/v1/events`, t.adminToken, (e) => e.filter((x) => x.event === 'incident.declared').length >= 2 && e.some((x) => x.event === 'incident.status_changed'));
    expect(viewerStream.ready).toEqual({ status: 200, type: 'text/event-stream; charset=utf-8' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const secret = (await declare({ title: 'Private breach', severity: 'SEV1', isPrivate: true })).json<{ id: string }>();
    const open = (await declare({ title: 'Public outage', severity: 'SEV2' })).json<{ id: string }>();
    publicId = open.id;
    await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${open.id}/status`, headers: t.auth(alice.token), payload: { status: 'canceled', note: 'false alarm' } });

    const seenByViewer = await viewerStream.done;
    const seenByAdmin = await adminStream.done;
    expect(seenByViewer.map((e) => e.data.incidentId)).not.toContain(secret.id);
    expect(seenByViewer.filter((e) => e.data.incidentId === open.id).map((e) => e.event)).toEqual(['incident.declared', 'incident.status_changed']);
    expect(seenByAdmin.filter((e) => e.event === 'incident.declared').map((e) => e.data.incidentId)).toEqual([secret.id, open.id]);
  });

  it('refuses a stream without a token', async () => {
    const response = await fetch(`${base}/api/v1/events`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});
