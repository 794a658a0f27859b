import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { docScreenshot, screenshotOnFailure, signInWithToken, startWebHarness, type WebHarness } from './browser.ts';

/**
 * The app on a phone (an on-call person opens it from a notification): every main page at 390×844
 * (touch, 3× pixels), in Japanese and in English, must not scroll sideways, must not push anything
 * past the right edge (except inside a container that scrolls on its own, like a wide table), must
 * show its primary actions with a tap target at least 40 px high, and the insights charts must fit
 * the screen. One server and one browser for the whole file.
 */

const WIDTH = 390;
const HEIGHT = 844;
/** The smallest tap target we accept (Apple asks 44 pt, Material 48 dp; 40 px is the floor here). */
const MIN_TAP = 40;

let h: WebHarness;
const paths: Record<string, string> = {};

beforeAll(async () => {
  h = await startWebHarness();
  const { server } = h;
  const admin = server.auth(server.adminToken);
  const call = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object): Promise<T> => {
    const response = await server.app.inject({ method, url, headers: admin, ...(payload && { payload }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return (response.body === '' ? undefined : response.json()) as T;
  };
  const bob = await server.createUser('responder', { name: 'Bob Sato' });
  // A live incident with a long title, roles held and open tasks: the now view at its fullest.
  const live = await call<{ id: string; number: number }>('POST', '/api/v1/incidents', {
    title: 'Checkout returns 500 for every card payment in the Asia-Pacific region since the 14:02 deploy',
    impact: 'Card payments fail',
    severity: 'SEV1',
    platforms: ['web', 'ios'],
  });
  await call('PUT', `/api/v1/incidents/${live.id}/roles/investigator`, { userId: bob.user.id });
  await call('PUT', `/api/v1/incidents/${live.id}/service`, { service: 'payments-gateway-asia-pacific' });
  paths.incident = `/incidents/${live.number}`;
  // A second one in the postmortem, with a prevention action on the board.
  const done = await call<{ id: string; number: number }>('POST', '/api/v1/incidents', { title: 'Search is slow', impact: 'Slow results', severity: 'SEV3', platforms: ['web'] });
  await call('PUT', `/api/v1/incidents/${done.id}/roles/commander`, { userId: server.adminUserId });
  await call('PUT', `/api/v1/incidents/${done.id}/roles/investigator`, { userId: bob.user.id });
  await call('PUT', `/api/v1/incidents/${done.id}/service`, { service: 'search' });
  await call('POST', `/api/v1/incidents/${done.id}/releases`, { platform: 'web', kind: 'rollback' });
  for (const status of ['monitoring', 'resolved', 'postmortem']) await call('POST', `/api/v1/incidents/${done.id}/status`, { status });
  const action = await call<{ id: string }>('POST', `/api/v1/incidents/${done.id}/actions`, { title: 'Add a latency alert on the search cluster', ownerId: bob.user.id, dueDate: '2030-01-10' });
  // Overdue, so the board shows its badge too (the API refuses a due date in the past).
  await server.store.db.updateTable('actions').set({ due_date: '2020-01-10' }).where('id', '=', action.id).execute();
  paths.postmortem = `/incidents/${done.number}/postmortem`;
});
afterAll(async () => h?.close());

interface PhonePage {
  name: string;
  path: () => string;
  /** Waits until the page has loaded what it shows. */
  ready: (page: Page) => Promise<void>;
  /** The actions someone on call must be able to tap on this page. */
  actions: (page: Page) => Locator[];
  /** Saved as docs/screenshots/<shot>-phone-<lang>.png with HIKESHI_DOC_SCREENSHOTS=1. */
  shot?: string;
}

const PAGES: PhonePage[] = [
  {
    name: 'dashboard',
    path: () => '/',
    ready: (p) => p.getByTestId('active-incidents').waitFor(),
    actions: (p) => [p.getByRole('button', { name: 'menu' }), p.getByTestId('active-incidents').getByRole('link').first()],
    shot: 'dashboard',
  },
  {
    name: 'incident',
    path: () => paths.incident ?? '',
    ready: (p) => p.getByTestId('role-commander').waitFor(),
    actions: (p) => [
      p.getByTestId('advance'),
      p.getByTestId('role-commander').getByRole('button', { name: /^(Take this role|この役割を引き受ける)$/ }),
      p.getByTestId('now-view').getByRole('button', { name: /^(Done|完了): / }).first(),
    ],
    shot: 'incident',
  },
  {
    name: 'report form',
    path: () => '/reports/new',
    ready: (p) => p.locator('form').waitFor(),
    actions: (p) => [p.locator('form button[type="submit"]')],
  },
  {
    name: 'declare form',
    path: () => '/declare',
    ready: (p) => p.getByLabel(/^SEV1 — /).waitFor(),
    // The severity's label is its tap target; the last one (no severity yet) is a single line.
    actions: (p) => [p.locator('form button[type="submit"]'), p.locator('form label').filter({ hasText: /^(Not decided yet|まだ決めない)/ })],
  },
  {
    name: 'postmortem editor',
    path: () => paths.postmortem ?? '',
    ready: (p) => p.getByTestId('postmortem-section').first().waitFor(),
    actions: (p) => [p.getByTestId('postmortem-section').first().getByRole('button').first()],
  },
  {
    name: 'actions board',
    path: () => '/actions',
    ready: (p) => p.getByTestId('action').first().waitFor(),
    actions: (p) => [p.getByTestId('action').first().getByRole('button').first(), p.getByTestId('action').first().getByRole('button').last()],
  },
  {
    name: 'insights',
    path: () => '/insights',
    ready: (p) => p.getByTestId('chart-over-time').waitFor(),
    actions: (p) => [p.getByRole('button', { name: /^(Download CSV|CSV をダウンロード)/ })],
    shot: 'insights',
  },
  {
    name: 'settings',
    path: () => '/settings',
    ready: (p) => p.getByText('Bob Sato').first().waitFor(),
    actions: (p) => [p.getByRole('tab').first(), p.getByRole('tab').last()],
  },
];

/**
 * Elements whose box reaches past the screen's right edge (or starts left of 0) and are not inside
 * a container that scrolls or clips sideways on its own: what the person would have to pan to see.
 */
async function pastTheEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const found: string[] = [];
    const clipsSideways = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.right <= width + 1 && rect.left >= -1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      let parent = el.parentElement;
      let contained = false;
      while (parent && parent !== document.body && parent !== document.documentElement) {
        // Inside a container within the screen that scrolls (or clips) its content sideways: fine.
        const box = parent.getBoundingClientRect();
        if (clipsSideways(parent) && box.right <= width + 1 && box.left >= -1) {
          contained = true;
          break;
        }
        parent = parent.parentElement;
      }
      if (contained) continue;
      // Visually hidden text (1 px), the skip link and the folded navigation parked left of the screen are meant to be unseen.
      if (rect.width <= 1 || rect.right <= 1) continue;
      const id = el.id ? `#${el.id}` : '';
      const testId = el.getAttribute('data-testid');
      found.push(`${el.tagName.toLowerCase()}${id}${testId ? `[data-testid=${testId}]` : ''} ${Math.round(rect.left)}–${Math.round(rect.right)}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
    }
    return found;
  });
}

/** Text cut short by its own box (a badge or label ending in an ellipsis, or clipped): each with its text. */
async function cutShort(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('main *'))
      .filter((el) => {
        const style = getComputedStyle(el);
        if (style.overflowX !== 'hidden' && style.textOverflow !== 'ellipsis') return false;
        if (el.getBoundingClientRect().width <= 1) return false; // visually hidden on purpose
        return el.scrollWidth > el.clientWidth + 1 && Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className.toString().split(' ')[0] ?? ''}: ${(el.textContent ?? '').trim().slice(0, 40)}`),
  );
}

/** The page's sideways scroll: how much wider the document is than the screen. */
async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth);
}

/** Each action's visible height, or a note that it is missing or hidden. */
async function tapHeights(actions: Locator[]): Promise<(number | string)[]> {
  return Promise.all(
    actions.map(async (action, index) => {
      if ((await action.count()) === 0) return `action ${index}: missing`;
      await action.scrollIntoViewIfNeeded();
      if (!(await action.isVisible())) return `action ${index}: hidden`;
      const box = await action.boundingBox();
      return box ? Math.round(box.height) : `action ${index}: no box`;
    }),
  );
}

for (const lang of ['ja', 'en'] as const) {
  describe(`at phone width (${WIDTH}×${HEIGHT}, ${lang})`, () => {
    let page: Page;
    beforeAll(async () => {
      const context = await h.context({
        locale: lang === 'ja' ? 'ja-JP' : 'en-US',
        viewport: { width: WIDTH, height: HEIGHT },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      });
      page = await context.newPage();
      await signInWithToken(page, h.server.adminToken);
      await page.getByTestId('active-incidents').waitFor();
    });

    for (const target of PAGES) {
      it(`${target.name}: no sideways scrolling, nothing past the edge, actions tappable`, async () => {
        try {
          await page.goto(target.path());
          await target.ready(page);
          await page.waitForLoadState('networkidle');
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          expect(await sidewaysScroll(page)).toBeLessThanOrEqual(1);
          expect(await pastTheEdge(page)).toEqual([]);
          expect(await cutShort(page)).toEqual([]);
          const heights = await tapHeights(target.actions(page));
          expect(heights.filter((height) => typeof height === 'string' || height < MIN_TAP)).toEqual([]);
          if (target.shot) {
            await page.evaluate(() => window.scrollTo(0, 0));
            await docScreenshot(page, `${target.shot}-phone-${lang}`);
          }
        } catch (error) {
          await screenshotOnFailure(page, `phone-${target.name.replace(/\s+/g, '-')}-${lang}`);
          throw error;
        }
      });
    }

    it('the menu button opens the pages and sign-out, each tappable', async () => {
      await page.goto('/');
      await page.getByTestId('active-incidents').waitFor();
      const signOutName = /^(Sign out|サインアウト)$/;
      // No room in the header: sign-out is in the menu.
      expect(await page.getByRole('banner').getByRole('button', { name: signOutName }).count()).toBe(0);
      const signOut = page.getByRole('navigation').getByRole('button', { name: signOutName });
      await page.getByRole('button', { name: 'menu' }).click();
      const navigation = page.getByRole('navigation');
      await navigation.getByRole('link').first().waitFor();
      const items = [...(await navigation.getByRole('link').all()), signOut];
      expect(items).toHaveLength(7);
      const heights = await tapHeights(items);
      expect(heights.filter((height) => typeof height === 'string' || height < MIN_TAP)).toEqual([]);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(1);
    });

    it('insights: every chart fits the screen without its own sideways scroll, and its text stays readable', async () => {
      await page.goto('/insights');
      await page.getByTestId('chart-over-time').waitFor();
      await page.getByTestId('chart-repeats').locator('svg').waitFor();
      const charts = await page.locator('main svg[role="img"]').evaluateAll((svgs) =>
        svgs.map((svg) => {
          const rect = svg.getBoundingClientRect();
          const card = svg.closest('section')?.getBoundingClientRect();
          const scrollers = [] as string[];
          for (let el = svg.parentElement; el && el.tagName !== 'SECTION'; el = el.parentElement) {
            if (el.scrollWidth > el.clientWidth + 1) scrollers.push(el.className);
          }
          // The drawn size of the chart's text: its font size times the drawing's scale.
          const viewBox = (svg as SVGSVGElement).viewBox.baseVal;
          const scale = viewBox && viewBox.width > 0 ? rect.width / viewBox.width : 1;
          const font = parseFloat(getComputedStyle(svg).fontSize) * scale;
          return {
            chart: svg.getAttribute('aria-label')?.slice(0, 30),
            fits: rect.left >= 0 && rect.right <= window.innerWidth + 1 && card !== undefined && rect.right <= card.right + 1,
            scrollers,
            readable: font >= 8,
          };
        }),
      );
      expect(charts.length).toBeGreaterThanOrEqual(5);
      expect(charts.filter((c) => !c.fits || c.scrollers.length > 0 || !c.readable)).toEqual([]);
    });
  });
}
