/**
 * Runs the bench of one database in its own process, so the RSS figures of one database are not
 * inflated by memory the other left behind (PGlite's WASM heap is never returned). Started by
 * run.ts with one JSON argument (ChildInput); writes the DatabaseResult as JSON to `outFile`.
 */
import { writeFile } from 'node:fs/promises';
import { benchConfig } from './config.ts';
import type { BenchDatabase } from './databases.ts';
import { killLiveServers } from './startup.ts';
import { benchDatabase } from './suite.ts';

export interface ChildInput {
  kind: BenchDatabase['kind'];
  env: Record<string, string>;
  version?: string;
  setupSeconds: number;
  outFile: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
const database: BenchDatabase = {
  kind: input.kind,
  env: input.env,
  ...(input.version !== undefined ? { version: input.version } : {}),
  setupSeconds: input.setupSeconds,
  remove: () => Promise.resolve(), // the parent removes it
};
const log = (line: string) => process.stdout.write(`${line}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killLiveServers();
    process.exit(130);
  });
}
try {
  const result = await benchDatabase(database, benchConfig(), log);
  await writeFile(input.outFile, JSON.stringify(result));
  process.exit(0);
} catch (error) {
  log(`  ${input.kind} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
