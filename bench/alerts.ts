import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { BENCH_ADMIN_TOKEN } from './config.ts';
import type { RunningHikeshi } from './hikeshi-server.ts';
import { sampleOwnRss } from './memory.ts';

/**
 * Alert ingestion (issue 5): batches of 10 Alertmanager alerts (5 new fingerprints, 5 repeated)
 * against the bare route, and a storm of alerts over a fixed set of fingerprints and services:
 * its time, peak memory and rows written (which must grow with fingerprints, not alerts).
 */

/** Alerts in one delivery of the load run. */
export const ALERTS_PER_BATCH = 10;

export interface AlertSourceForBench {
  url: string;
  secret: string;
}

/** Creates an Alertmanager source through the API (as the bench admin). */
export async function createBenchSource(server: RunningHikeshi): Promise<AlertSourceForBench> {
  const response = await fetch(`${server.baseUrl}/api/v1/alert-sources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
    body: JSON.stringify({ kind: 'alertmanager', name: `bench ${Date.now()}` }),
  });
  if (response.status !== 201) throw new Error(`creating the bench alert source answered ${response.status}: ${await response.text()}`);
  const source = (await response.json()) as { url: string; secret: string };
  return { url: `${server.baseUrl}${source.url}`, secret: source.secret };
}

function alert(fingerprint: string, service: string, startsAt: string) {
  return {
    status: 'firing',
    labels: { alertname: 'BenchAlert', service, severity: 'warning', instance: fingerprint },
    annotations: { summary: `bench alert ${fingerprint}` },
    startsAt,
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.bench/graph',
    fingerprint,
  };
}

function delivery(alerts: ReturnType<typeof alert>[]): string {
  return JSON.stringify({
    version: '4',
    groupKey: '{}:{service="bench"}',
    receiver: 'hikeshi',
    status: 'firing',
    alerts,
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.bench',
    truncatedAlerts: 0,
  });
}

/** The load run's body: `[<id>]` is unique per request, so half the fingerprints are new each time. */
export function alertBatchBody(): string {
  const startsAt = new Date().toISOString();
  const half = ALERTS_PER_BATCH / 2;
  return delivery([
    ...Array.from({ length: half }, (_, k) => alert(`new-[<id>]-${k}`, `load-svc-${k}`, startsAt)),
    ...Array.from({ length: half }, (_, k) => alert(`repeat-${k}`, `load-svc-${k}`, startsAt)),
  ]);
}

export interface StormResult {
  alerts: number;
  fingerprints: number;
  services: number;
  deliveries: number;
  seconds: number;
  alertsPerSecond: number;
  peakRssMb: number;
  /** Rows added by the storm, by table. */
  rowsWritten: { alerts: number; reports: number; timelineEvents: number; outbox: number; alertGroups: number };
}

async function rowCounts(server: RunningHikeshi): Promise<StormResult['rowsWritten']> {
  const result = await sql<{ alerts: string; reports: string; timeline: string; outbox: string; groups: string }>`
    SELECT (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM reports) AS reports,
      (SELECT count(*) FROM timeline_events) AS timeline, (SELECT count(*) FROM outbox) AS outbox,
      (SELECT count(*) FROM alert_groups) AS groups`.execute(server.hikeshi.store.db);
  const row = result.rows[0];
  return {
    alerts: Number(row?.alerts ?? 0),
    reports: Number(row?.reports ?? 0),
    timelineEvents: Number(row?.timeline ?? 0),
    outbox: Number(row?.outbox ?? 0),
    alertGroups: Number(row?.groups ?? 0),
  };
}

/** Sends `total` firing alerts over `fingerprints` fingerprints and `services` services, 100 a delivery, 4 at a time. */
export async function runAlertStorm(
  server: RunningHikeshi,
  source: AlertSourceForBench,
  options: { total: number; fingerprints: number; services: number },
): Promise<StormResult> {
  const perDelivery = 100;
  const deliveries = Math.ceil(options.total / perDelivery);
  const startsAt = new Date().toISOString();
  // Requests of the load run still queued when it stopped must not count as the storm's rows.
  let before = await rowCounts(server);
  for (let settled = 0; settled < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await rowCounts(server);
    settled = JSON.stringify(now) === JSON.stringify(before) ? settled + 1 : 0;
    before = now;
  }
  const sampler = sampleOwnRss(100);
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next;
      next += 1;
      if (index >= deliveries) return;
      const alerts = Array.from({ length: perDelivery }, (_, k) => {
        const n = (index * perDelivery + k) % options.fingerprints;
        return alert(`storm-${n}`, `storm-svc-${n % options.services}`, startsAt);
      });
      const response = await fetch(source.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${source.secret}` },
        body: delivery(alerts),
      });
      if (response.status !== 200) throw new Error(`storm delivery ${index} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  let peakRssMb: number;
  try {
    await Promise.all(Array.from({ length: 4 }, worker));
  } finally {
    peakRssMb = sampler.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await rowCounts(server);
  const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]])) as StormResult['rowsWritten'];
  return {
    alerts: deliveries * perDelivery,
    fingerprints: options.fingerprints,
    services: options.services,
    deliveries,
    seconds,
    alertsPerSecond: (deliveries * perDelivery) / seconds,
    peakRssMb,
    rowsWritten: delta,
  };
}
