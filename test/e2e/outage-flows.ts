import type { Page, Request } from 'playwright-core';
import { recordFailure, retryDelay, type Outage } from '../../src/sync/reachability.ts';
import { readStore, type Harness } from './harness.ts';

/**
 * A server outage as a phone sees it, in Chromium: the server is SIGKILLed (the browser still believes it is
 * online, no `online` event is ever sent), workers record visits, the server comes back; how long until each
 * device's outbox is empty, and how many requests each page sent meanwhile. Used by test/e2e/outage.test.ts
 * (asserts) and bench/recovery.ts (prints).
 */

/** The /api/ requests one page sends, with when (Date.now()). */
export class ApiLog {
  readonly entries: { at: number; path: string }[] = [];
  private readonly onRequest = (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) this.entries.push({ at: Date.now(), path });
  };
  constructor(private readonly page: Page) {
    page.on('request', this.onRequest);
  }
  stop(): void {
    this.page.off('request', this.onRequest);
  }
  /** Requests in [from, to), optionally only those whose path starts with `prefix`. */
  between(from: number, to: number, prefix = '/api/'): number[] {
    return this.entries
      .filter((e) => e.at >= from && e.at < to && e.path.startsWith(prefix))
      .map((e) => e.at);
  }
}

/** The shortest gap between consecutive times (Infinity for fewer than two). */
export function shortestGap(times: readonly number[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) min = Math.min(min, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return min;
}

/**
 * The most attempts the reachability schedule (src/sync/reachability.ts) can make in `windowMs` of outage:
 * every step at the low end of its jitter. A flood (one request per failure) is far above it.
 */
export function maxAttemptsIn(windowMs: number): number {
  let outage: Outage | null = null;
  let t = 0;
  let n = 0;
  while (t <= windowMs) {
    n++;
    outage = recordFailure(outage, t);
    t += retryDelay(outage, true, () => 0);
  }
  return n;
}

/** On a person page: 记录走访 (大走访) in the app itself, no reload (a reload would restart the engine). */
export async function recordVisitInApp(page: Page, situation: string): Promise<void> {
  await page.getByRole('link', { name: '记录走访' }).click();
  await page.getByRole('radio', { name: '大走访' }).check();
  await page.getByLabel('基本情况').fill(situation);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/saved=visit/);
}

/** Waits, without nudging the engine, until the badge says 已同步 with nothing pending. */
export async function waitSynced(page: Page, timeout = 30_000): Promise<void> {
  await page.getByRole('link', { name: '同步状态：已同步' }).waitFor({ timeout });
}

/** Resolves with the time the server first answers GET /api/health (polled every 25 ms). */
export async function firstAnswer(baseUrl: string, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return Date.now();
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the server did not answer ${baseUrl}/api/health within ${timeoutMs} ms`);
}

/** Resolves with the time the page's outbox is first seen empty (polled every 50 ms). */
export async function outboxEmptyAt(page: Page, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await readStore(page, 'outbox')).length === 0) return Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the outbox was not empty within ${timeoutMs} ms`);
}

export interface OutageResult {
  /** From the server's first answer to this page's outbox being empty. */
  readonly recoveryMs: number;
  /** Times of this page's /api/sync/ requests while the server was down. */
  readonly syncRequests: readonly number[];
  /** All of this page's /api/ requests while the server was down. */
  readonly apiRequests: number;
  /** How long the server was down, ms. */
  readonly downMs: number;
}

/**
 * Kills the server, lets each page (on a person page, synced) record a visit in the app, runs `during` (the
 * test's extra steps), starts the server again `outageMs` after the kill, and measures each page. The server
 * process needs time to come up: with `startupMs` (measured by the caller) it is launched that much earlier,
 * so that it answers about `outageMs` after it died.
 */
export async function serverOutage(
  h: Harness,
  pages: readonly Page[],
  outageMs: number,
  during: () => Promise<void> = () => Promise.resolve(),
  recoveryTimeoutMs = 60_000,
  startupMs = 0,
): Promise<OutageResult[]> {
  const logs = pages.map((p) => new ApiLog(p));
  try {
    const killedAt = Date.now();
    await h.killServer();
    await Promise.all(pages.map((p, i) => recordVisitInApp(p, `停机期间的走访 ${i} ${killedAt}`)));
    await during();
    const left = killedAt + outageMs - startupMs - Date.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    const answered = firstAnswer(h.baseUrl);
    await h.startServer();
    const upAt = await answered;
    const emptyAt = await Promise.all(pages.map((p) => outboxEmptyAt(p, recoveryTimeoutMs)));
    return pages.map((_, i) => ({
      recoveryMs: (emptyAt[i] ?? Number.NaN) - upAt,
      syncRequests: logs[i]?.between(killedAt, upAt, '/api/sync/') ?? [],
      apiRequests: logs[i]?.between(killedAt, upAt).length ?? 0,
      downMs: upAt - killedAt,
    }));
  } finally {
    for (const l of logs) l.stop();
  }
}
