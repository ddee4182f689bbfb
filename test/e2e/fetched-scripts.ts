import { gzipSync } from 'node:zlib';
import type { Page, Request, Response } from 'playwright-core';
import { EVENTS_PATH } from '../../src/protocol/events.ts';
import { DEMO_PASSWORD, type Harness } from './harness.ts';

/**
 * What the browser really fetched: every script response of the page (lazy chunks included), measured as gzip -9
 * of its body. The service worker's own fetches (its precache) are not the page's and are not seen here; a script
 * the page fetched and the service worker answered from its cache counts (the page loaded it all the same), and
 * says so.
 *
 * Shared by the first-screen budget test (test/e2e/first-screen.test.ts) and `npm run bench`.
 */
export interface FetchedScript {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  readonly fromServiceWorker: boolean;
}

export interface ScriptWatch {
  /** Scripts fetched since the watch started or since the last `take()`, and resets the list. */
  take(): Promise<FetchedScript[]>;
  stop(): void;
}

export function watchScripts(page: Page): ScriptWatch {
  let pending: Promise<FetchedScript | null>[] = [];
  const onResponse = (res: Response) => {
    if (res.request().resourceType() !== 'script') return;
    const fromServiceWorker = res.fromServiceWorker();
    pending.push(
      res.body().then(
        (body) => ({
          file: new URL(res.url()).pathname,
          raw: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          fromServiceWorker,
        }),
        () => null,
      ),
    );
  };
  page.on('response', onResponse);
  return {
    async take() {
      const now = pending;
      pending = [];
      const all = await Promise.all(now);
      return all.filter((s): s is FetchedScript => s !== null).sort((a, b) => b.gzip - a.gzip);
    },
    stop() {
      page.off('response', onResponse);
    },
  };
}

/**
 * Network idleness of a page, tracked from creation: `settled()` resolves once no request is in flight for
 * `quietMs` and the main thread has had an idle period. Lazy chunks a screen pulls after its first paint (an
 * effect, a `load` handler) are counted by waiting them out. Start it before the action that loads the screen.
 */
export interface IdleTracker {
  settled(quietMs?: number): Promise<void>;
  stop(): void;
}

export function trackIdle(page: Page): IdleTracker {
  const inFlight = new Set<unknown>();
  let last = Date.now();
  const onRequest = (r: Request) => {
    // The poke stream (SPEC.md C16) stays open for as long as the page is signed in: not a load in flight.
    if (new URL(r.url()).pathname === EVENTS_PATH) return;
    inFlight.add(r);
    last = Date.now();
  };
  const onDone = (r: Request) => {
    inFlight.delete(r);
    last = Date.now();
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  return {
    async settled(quietMs = 700) {
      for (;;) {
        await page.evaluate(
          () => new Promise<void>((r) => requestIdleCallback(() => r(), { timeout: 2000 })),
        );
        if (inFlight.size === 0 && Date.now() - last >= quietMs) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop() {
      page.off('request', onRequest);
      page.off('requestfinished', onDone);
      page.off('requestfailed', onDone);
    },
  };
}

export function sumGzip(scripts: readonly FetchedScript[]): number {
  return scripts.reduce((n, s) => n + s.gzip, 0);
}

export interface FirstScreenFigures {
  /** Scripts fetched from opening the app until the login screen is idle. */
  readonly login: FetchedScript[];
  /** Scripts fetched from pressing 登录 until the home screen is idle. */
  readonly home: FetchedScript[];
}

/**
 * The first screen as the browser fetches it: a fresh profile (a new incognito context) opens the app served by
 * the harness, the scripts are counted until the login screen is idle, then a worker logs in and they are
 * counted again until the home screen is idle.
 */
export async function measureFirstScreen(h: Harness, username = 'worker1'): Promise<FirstScreenFigures> {
  const browser = await h.browser();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const scripts = watchScripts(page);
    let idle = trackIdle(page);
    await page.goto(`${h.baseUrl}/`);
    await page.getByLabel('用户名').waitFor();
    await idle.settled();
    idle.stop();
    const login = await scripts.take();

    idle = trackIdle(page);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('header.topbar').waitFor();
    await idle.settled();
    idle.stop();
    const home = await scripts.take();
    scripts.stop();
    return { login, home };
  } finally {
    await context.close();
  }
}
