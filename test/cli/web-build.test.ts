import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { repoRoot, waitFor } from './run-cli.ts';
import { spawn } from 'node:child_process';

/**
 * `hikeshi serve` builds an outdated web app before it starts (bin/hikeshi.js). Vite 8 bundles with
 * rolldown, a native module whose memory a long-running process keeps: built in the serving
 * process, the first start after a change under web/ idled at ~610 MB instead of ~300 MB
 * (docs/benchmarks.md, "Session 5: first-start memory"). So the build runs in a child process.
 */

const outDir = path.join(inject('testRoot'), `web-build-${randomBytes(4).toString('hex')}`);
const hasProcMaps = existsSync('/proc/self/maps');

afterAll(async () => {
  await fs.rm(outDir, { recursive: true, force: true });
});

// A fresh process that builds the way bin/hikeshi.js does, then reports whether the bundler's
// native module was ever loaded into it (it stays mapped once loaded).
const caller = `
import { readFileSync } from 'node:fs';
const { buildWebInChild } = await import(${JSON.stringify(path.join(repoRoot, 'scripts/build-web.mjs'))});
await buildWebInChild(process.argv[1]);
const maps = readFileSync('/proc/self/maps', 'utf8');
process.stdout.write(JSON.stringify({ hasBundler: /rolldown|rollup/.test(maps) }));
`;

describe('building the web app for serve', { timeout: 180_000 }, () => {
  it.skipIf(!hasProcMaps)(
    'builds it in a child process: the caller never loads the bundler',
    async () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', caller, outDir], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const result = await waitFor(child);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ hasBundler: false });
      const html = await fs.readFile(path.join(outDir, 'index.html'), 'utf8');
      expect(html).toContain('<script type="module"');
    },
  );
});
