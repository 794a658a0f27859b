// The web app's build (web/ → web/dist, Vite). Kept apart from build.mjs so that checking whether
// the build is current costs a few stat calls at start-up, without loading esbuild or Vite.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(`${path}/${entry}`));
  return newest;
}

/** The web app's sources: when any is newer than web/dist/index.html, the build is outdated. */
const WEB_SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];

/** Whether web/dist exists and is newer than every web source (a few stat calls: start-up stays fast). */
export function isWebBuilt() {
  try {
    const built = statSync(`${root}web/dist/index.html`).mtimeMs;
    return WEB_SOURCES.every((source) => newestMtime(`${root}${source}`) <= built);
  } catch {
    return false;
  }
}

/**
 * Builds the web app into web/dist (or `outDir`) with Vite (a devDependency: where it is not
 * installed, the server runs without the web app and says so).
 */
export async function buildWeb(outDir) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('hikeshi: vite is not installed, so the web app is not built (npm install, then start again)');
    return false;
  }
  await vite.build({
    configFile: `${root}web/vite.config.ts`,
    logLevel: 'warn',
    ...(outDir === undefined ? {} : { build: { outDir } }),
  });
  return true;
}

/**
 * buildWeb in a child process (this file run as a script). A process that goes on serving must
 * build this way: Vite's bundling grows its heap by ~300 MB, which a long-running process keeps
 * for good (docs/benchmarks.md, "Session 5: first-start memory"). Rejects when the build fails.
 */
export function buildWebInChild(outDir) {
  const args = [fileURLToPath(import.meta.url), ...(outDir === undefined ? [] : ['--out-dir', outDir])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`building the web app failed (exit ${code ?? signal})`)),
    );
  });
}

// `node scripts/build-web.mjs [--out-dir DIR]`: builds the web app (what buildWebInChild runs).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out-dir');
  await buildWeb(at === -1 ? undefined : process.argv[at + 1]);
}
