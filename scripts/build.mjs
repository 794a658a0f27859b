// Builds dist/ from src/: one ESM bundle (split per lazily loaded command), so `hikeshi serve` starts without compiling TypeScript at run time. dist/ is not
// committed; `npm start` and bin/hikeshi.js build it when src/ is newer.
import { build } from 'esbuild';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildWeb, isWebBuilt } from './build-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;

/**
 * Builds dist/; the assets the code finds next to itself (import.meta.url) are copied beside it.
 * Built aside and swapped in, so a process starting meanwhile never sees half a build.
 */
export async function buildDist() {
  const outdir = `${dist}.${process.pid}.tmp`;
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { main: `${root}src/main.ts` },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies are bundled too (one file to load instead of hundreds: start-up halves), except
    // PGlite, which loads its WASM and data files from its own package directory.
    external: ['@electric-sql/pglite', 'pg-native'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await copyFile(`${root}src/config/default-playbook.yaml`, `${outdir}/default-playbook.yaml`);
  await copyFile(`${root}src/store/pglite-initdb.mjs`, `${outdir}/pglite-initdb.mjs`);
  const old = `${dist}.${process.pid}.old`;
  await rename(dist, old).catch(() => undefined);
  await rename(outdir, dist);
  await rm(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDist();
  if (!process.argv.includes('--no-web') && !isWebBuilt()) await buildWeb();
}
