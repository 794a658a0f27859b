// The web app's build (web/ → web/dist, Vite). Kept apart from build.mjs so that checking whether
// the build is current costs a few stat calls at start-up, without loading esbuild or Vite.
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
 * Builds the web app into web/dist with Vite (a devDependency: where it is not installed, the
 * server runs without the web app and says so).
 */
export async function buildWeb() {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('hikeshi: vite is not installed, so the web app is not built (npm install, then start again)');
    return false;
  }
  await vite.build({ configFile: `${root}web/vite.config.ts`, logLevel: 'warn' });
  return true;
}

