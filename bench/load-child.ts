/**
 * The load generator, run in its own process (see load.ts) so it does not share the event loop
 * with the server under test. Input: one JSON argument (LoadSpec). Output: one JSON line on stdout
 * (LoadOutcome). Latencies of every 2xx response are kept exactly (autocannon's own histogram has
 * 1 ms resolution) and the percentiles are computed from them.
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import { percentile, type LoadOutcome, type LoadSpec } from './load.ts';

function runOnce(spec: LoadSpec, seconds: number, latencies: number[] | null): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: spec.method,
        headers: spec.headers,
        ...(spec.body !== undefined ? { body: spec.body, idReplacement: true } : {}),
        connections: spec.connections,
        duration: seconds,
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) {
      instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      });
    }
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  if (spec.warmupSeconds > 0) await runOnce(spec, spec.warmupSeconds, null);
  process.stdout.write('measuring\n');
  const latencies: number[] = [];
  const result = await runOnce(spec, spec.seconds, latencies);
  const sorted = Float64Array.from(latencies).sort();
  const total = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
  const outcome: LoadOutcome = {
    seconds: result.duration,
    requests: total,
    requestsPerSecond: total / result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    ...(spec.keepLatencies ? { latenciesMs: latencies } : {}),
  };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

await main();
