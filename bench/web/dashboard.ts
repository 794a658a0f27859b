import { chromium, type Browser } from 'playwright-core';

/**
 * The dashboard as a browser sees it: cold loads (a new context, so no HTTP cache) signed in with
 * a session cookie, timed in the page from navigation start (performance.now()) to the moment the
 * active-incidents card shows its first row, or its empty state on an empty database.
 */

export const CHROMIUM_PATH = process.env['HIKESHI_CHROMIUM'] ?? '/usr/bin/chromium';

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

/**
 * Runs in the page before its scripts: a MutationObserver notes when the first incident row (or the
 * "no active incident" state) appears. String, not a function: bench/ compiles without the DOM types.
 */
const OBSERVER = `(() => {
  const mark = () => {
    if (window.__hikeshiShown) return;
    if (document.querySelector('[data-testid="active-incidents"] tbody tr')) {
      window.__hikeshiShown = { kind: 'rows', at: performance.now() };
    } else {
      const card = document.querySelector('[aria-labelledby="active-title"]');
      if (card && card.textContent && card.textContent.includes('No active incident.')) window.__hikeshiShown = { kind: 'empty', at: performance.now() };
    }
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A session cookie for the bootstrap admin, as the sign-in page gets it (POST /api/v1/session with the token). */
export async function sessionCookie(
  baseUrl: string,
  token: string,
): Promise<{ name: string; value: string }> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /^([^=;\s]+)=([^;]*)/.exec(setCookie);
  if (!match?.[1] || match[2] === undefined)
    throw new Error(`sign-in set no cookie: '${setCookie}'`);
  return { name: match[1], value: match[2] };
}

export interface DashboardLoad {
  /** ms from navigation start until the first row (or the empty state) was in the page. */
  shownMs: number;
  kind: 'rows' | 'empty';
  /** Bytes of JS and CSS transferred (as sent: gzip), by URL. */
  assets: { url: string; type: 'script' | 'stylesheet'; bytes: number }[];
}

/** One cold load of the dashboard. */
export async function loadDashboard(
  browser: Browser,
  baseUrl: string,
  cookie: { name: string; value: string },
  timeoutMs = 60_000,
): Promise<DashboardLoad> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  try {
    await context.addCookies([{ name: cookie.name, value: cookie.value, url: baseUrl }]);
    await context.addInitScript({ content: OBSERVER });
    const page = await context.newPage();
    const assets: DashboardLoad['assets'] = [];
    const pending: Promise<void>[] = [];
    page.on('requestfinished', (request) => {
      const type = request.resourceType();
      if (type !== 'script' && type !== 'stylesheet') return;
      pending.push(
        request.sizes().then((sizes) => {
          assets.push({ url: request.url(), type, bytes: sizes.responseBodySize });
        }),
      );
    });
    await page.goto('/', { waitUntil: 'commit' });
    // Functions, not strings: the app's Content-Security-Policy forbids eval in the page.
    const handle = await page.waitForFunction(
      () => (globalThis as { __hikeshiShown?: unknown }).__hikeshiShown,
      undefined,
      { timeout: timeoutMs },
    );
    const shown = (await handle.jsonValue()) as { kind: 'rows' | 'empty'; at: number };
    await page.waitForLoadState('load');
    await Promise.all(pending);
    return { shownMs: shown.at, kind: shown.kind, assets };
  } finally {
    await context.close();
  }
}
