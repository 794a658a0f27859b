import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One load run: warm-up, then a measured run, same shape for every route. */
export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** `[<id>]` in the body becomes a fresh random id per request. */
  body?: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Return every 2xx latency too (to merge interleaved rounds, see mergeOutcomes). */
  keepLatencies?: boolean;
}

export interface LoadOutcome {
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Of 2xx responses, exact (not histogram-rounded). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  latenciesMs?: number[];
}

/** The value at percentile `p` of ascending `sorted` (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(Math.max(rank, 0), sorted.length - 1)] ?? Number.NaN;
}

/** One outcome from several runs of the same route (their latencies must have been kept). */
export function mergeOutcomes(outcomes: LoadOutcome[]): LoadOutcome {
  const sorted = Float64Array.from(outcomes.flatMap((o) => o.latenciesMs ?? [])).sort();
  const sum = (pick: (o: LoadOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  const statusCodes: Record<string, number> = {};
  for (const o of outcomes) for (const [code, n] of Object.entries(o.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const seconds = sum((o) => o.seconds);
  return {
    seconds,
    requests: sum((o) => o.requests),
    requestsPerSecond: sum((o) => o.requests) / seconds,
    ok: sum((o) => o.ok),
    non2xx: sum((o) => o.non2xx),
    errors: sum((o) => o.errors),
    timeouts: sum((o) => o.timeouts),
    statusCodes,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
  };
}

const CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));
const GRACE_MS = 60_000;

/**
 * Runs autocannon in a child process against `spec.url`. `onMeasuring` fires when the warm-up is
 * over. The child is killed if it overruns its time by a minute.
 */
export function runLoad(spec: LoadSpec, onMeasuring: () => void = () => undefined): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        finish(new Error(`load generator overran ${spec.warmupSeconds + spec.seconds} s by a minute; killed`));
      },
      (spec.warmupSeconds + spec.seconds) * 1000 + GRACE_MS,
    );
    const finish = (error: Error | null, outcome?: LoadOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else if (outcome) resolve(outcome);
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const before = stdout;
      stdout += chunk;
      if (!before.includes('measuring\n') && stdout.includes('measuring\n')) onMeasuring();
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    child.once('error', (error) => finish(error));
    child.once('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        finish(new Error(`load generator exited ${code ?? 'by signal'}: ${stderr.trim() || stdout.trim() || 'no output'}`));
        return;
      }
      finish(null, JSON.parse(last) as LoadOutcome);
    });
  });
}
