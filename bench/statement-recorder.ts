import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Records every SQL statement this process sends through pg or PGlite, with when it started and
 * how long it took: for the investigation aids (profile-declare.ts, profile-alerts.ts), never for
 * `npm run bench`. Call recordStatements() before any connection is opened.
 */

export interface RecordedStatement {
  text: string;
  ms: number;
  start: number;
}

export const recordedStatements: RecordedStatement[] = [];

type QueryFn = (this: unknown, ...args: unknown[]) => unknown;

function textOf(first: unknown): string {
  if (typeof first === 'string') return first;
  return typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : '?';
}

function wrap(proto: { query: QueryFn }): void {
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]): unknown {
    const text = textOf(args[0]);
    const start = performance.now();
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      void result.then(
        () => recordedStatements.push({ text, ms: performance.now() - start, start }),
        () => recordedStatements.push({ text: `FAILED ${text}`, ms: performance.now() - start, start }),
      );
    }
    return result;
  };
}

let isRecording = false;

export function recordStatements(): void {
  if (isRecording) return;
  isRecording = true;
  wrap(pg.Client.prototype);
  wrap(PGlite.prototype as unknown as { query: QueryFn });
}
