import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe('the web app served by the API server', () => {
  let t: TestServer;
  let root: string;
  const index = '<!doctype html><title>hikeshi</title><div id="root"></div>';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hikeshi-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), index);
    await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log("app")');
    await writeFile(join(root, 'favicon.svg'), '<svg/>');
    await writeFile(join(root, '..', 'secret.txt'), 'outside').catch(() => undefined);
    t = await startTestServer('pglite', { server: { webRoot: root } });
  });
  afterAll(async () => {
    await t.close();
    await rm(root, { recursive: true, force: true });
    await rm(join(root, '..', 'secret.txt'), { force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('answers index.html (no-cache, with a CSP) at / and at every client route', async () => {
    for (const url of ['/', '/incidents/12', '/settings?tab=users']) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(index);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves hashed assets for a year, gzipped when the browser takes it', async () => {
    const plain = await get('/assets/index-abc123.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe('console.log("app")');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const zipped = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe('console.log("app")');
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('public, max-age=3600');
    expect((await get('/assets/missing.js')).statusCode).toBe(404);
  });

  it('leaves the API, Slack, webhook and health paths alone, and never serves files outside its folder', async () => {
    const api = await get('/api/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json<{ error: { code: string } }>().error.code).toBe('not_found');
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/slack/events')).headers['content-type']).toContain('application/json');
    expect((await get('/v2/enqueue')).headers['content-type']).toContain('application/json');
    for (const url of ['/../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%2e%2e/secret.txt']) {
      const response = await get(url);
      expect(response.body).not.toContain('outside');
    }
    const post = await t.app.inject({ method: 'POST', url: '/incidents/12' });
    expect(post.statusCode).toBe(404);
  });
});
