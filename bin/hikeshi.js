#!/usr/bin/env node
// The `hikeshi` command. Runs the built bundle in dist/ (fast start); when dist/ is missing or
// older than src/, it is rebuilt first (esbuild, ~0.2 s); `serve` also builds the web app (web/dist, Vite,
// a few seconds, in a child process) when it is missing or older than web/. HIKESHI_NO_BUILD=1 runs src/ through tsx.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBuilt() {
  try {
    return statSync(`${root}dist/main.js`).mtimeMs >= newestMtime(`${root}src`);
  } catch {
    return false;
  }
}

if (process.env.HIKESHI_NO_BUILD === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
} else {
  if (!isBuilt()) await (await import('../scripts/build.mjs')).buildDist();
  // The web app (web/dist) is built by `serve` only, and only when missing or older than web/; in
  // a child process, or the server would keep Vite's ~300 MB of heap for as long as it runs.
  if (process.argv[2] === 'serve') {
    const { isWebBuilt, buildWebInChild } = await import('../scripts/build-web.mjs');
    if (!isWebBuilt()) await buildWebInChild();
  }
  await import('../dist/main.js');
}
