import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { TestServer } from '../support/test-server.ts';

export type Json = Record<string, unknown>;

/** A fixture payload (written from each tool's documentation), parsed fresh each time. */
export function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Json;
}

export interface Source {
  id: string;
  kind: string;
  url: string;
  secret: string;
}

export async function createSource(server: TestServer, kind: string, extra: Json = {}): Promise<Source> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/alert-sources',
    headers: server.auth(server.adminToken),
    payload: { kind, name: `${kind} ${Math.random().toString(36).slice(2, 8)}`, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Source>();
}

export interface Answer {
  status: number;
  body: Json;
}

/** Posts a delivery to a source's URL with its secret as a bearer token (unless headers say otherwise). */
export async function deliver(server: TestServer, source: Source, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await server.app.inject({
    method: 'POST',
    url: source.url,
    headers: { authorization: `Bearer ${source.secret}`, 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.statusCode, body: res.body === '' ? {} : res.json<Json>() };
}

export async function get(server: TestServer, url: string): Promise<Json> {
  const res = await server.app.inject({ method: 'GET', url, headers: server.auth(server.adminToken) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Json>();
}

export async function post(server: TestServer, url: string, payload?: Json): Promise<Answer> {
  const res = await server.app.inject({ method: 'POST', url, headers: server.auth(server.adminToken), ...(payload && { payload }) });
  return { status: res.statusCode, body: res.json<Json>() };
}

export interface ReportAlertView {
  id: string;
  status: string;
  title: string;
  fingerprint: string;
  count: number;
  startsAt: string;
  service: string | null;
  severity: string | null;
}

export async function reportsOf(server: TestServer, source = 'monitoring'): Promise<Json[]> {
  const page = await get(server, `/api/v1/reports?source=${source}&limit=200`);
  return page['items'] as Json[];
}

export async function alertsOfReport(server: TestServer, reportId: string): Promise<ReportAlertView[]> {
  const detail = await get(server, `/api/v1/reports/${reportId}`);
  return detail['alerts'] as ReportAlertView[];
}

export async function outboxRows(server: TestServer, topic: string): Promise<{ payload: Json; incident_id: string | null }[]> {
  const rows = await server.store.db.selectFrom('outbox').select(['payload', 'incident_id']).where('topic', '=', topic).execute();
  return rows.map((r) => ({ payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Json, incident_id: r.incident_id }));
}
