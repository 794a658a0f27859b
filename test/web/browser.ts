import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { WEB_ROOT } from '../../src/boot.ts';
import { startTestServer, type FakeClock, type TestServer } from '../support/test-server.ts';

/**
 * Browser tests: the real server (every route, the built web app from web/dist, on a loopback
 * port) and Debian's Chromium driven by playwright-core. Never a downloaded browser. `npm test`'s
 * pretest builds web/dist.
 */

/** Flags for headless Chromium on this machine: no sandbox (root), no network chatter (closed network). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const CHROMIUM_PATH = process.env.HIKESHI_CHROMIUM ?? '/usr/bin/chromium';

/** A clock that is the real one (the browser shows real times), shaped like the tests' fake clock. */
function realClock(): FakeClock {
  return { now: () => new Date(), set: () => undefined, advance: () => undefined };
}

export interface WebHarness {
  server: TestServer;
  base: string;
  browser: Browser;
  /** A new browser context (own cookies), e.g. a second person, a ja browser or a phone. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startWebHarness(): Promise<WebHarness> {
  const server = await startTestServer('pglite', { clock: realClock(), server: { webRoot: WEB_ROOT, checkResponses: false } });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  server.deps.config.publicUrl = base;
  const profile = await mkdtemp(join(tmpdir(), 'hikeshi-chromium-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, HOME: profile } });
  const contexts: BrowserContext[] = [];
  return {
    server,
    base,
    browser,
    async context(options = {}) {
      const context = await browser.newContext({ baseURL: base, locale: 'en-US', timezoneId: 'Asia/Tokyo', ...options });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of a failing page under test-results/ (gitignored). */
export async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true }).catch(() => undefined);
}

/**
 * With HIKESHI_DOC_SCREENSHOTS=1, saves the page as docs/screenshots/<name>.png (the screenshots in
 * docs/web.md are made this way: `HIKESHI_DOC_SCREENSHOTS=1 npx vitest run test/web`).
 */
export async function docScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.HIKESHI_DOC_SCREENSHOTS !== '1') return;
  // CSS pixels: a phone context's 3× device pixels would make the PNG nine times the size.
  await page.screenshot({ path: `docs/screenshots/${name}.png`, scale: 'css' });
}

/** Signs in on the sign-in page with email and password. */
export async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/^(Email|メールアドレス)/).fill(email);
  await page.getByLabel(/^(Password|パスワード)/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|サインイン)$/ }).click();
}

/** Signs in with an API token. */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/^(API token|API トークン)/).fill(token);
  await page.getByRole('button', { name: /^(Sign in with token|トークンでサインイン)$/ }).click();
}
