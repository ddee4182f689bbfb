import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { logIn, readStore, startHarness, waitForController, type Harness } from './harness.ts';
import { createPerson } from './flows.ts';
import {
  ApiLog,
  maxAttemptsIn,
  recordVisitInApp,
  serverOutage,
  shortestGap,
  waitSynced,
} from './outage-flows.ts';

/**
 * Issue 8's worst realistic path, in real Chromium: the server is SIGKILLed while the browser believes it is
 * online (no `online` event is dispatched, no setOffline), the worker goes on recording, the server comes back.
 * SPEC.md C7, C8, C15.
 */
describe('a server outage with the network up (Chromium)', () => {
  let h: Harness;
  let ctx: BrowserContext;
  let page: Page;
  let personId = '';

  beforeAll(async () => {
    h = await startHarness();
    ctx = await h.device('outage');
    page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await waitForController(page);
    await logIn(page, 'worker1');
    personId = await createPerson(page, h.baseUrl, '停机测试甲', 81);
    await waitSynced(page);
  });
  afterAll(async () => {
    await h?.close();
  });

  const badge = () => page.getByRole('link', { name: /^同步状态：/ });

  test('[C15][C8] a 6 s outage: 服务器无法连接 with the count, taps on 立即同步 make no flood, queue empty ≤ 5 s after the server answers', async () => {
    let taps = 0;
    const [r] = await serverOutage(h, [page], 6_000, async () => {
      await recordVisitInApp(page, '停机期间的第二次走访');
      await page
        .getByRole('link', { name: '同步状态：服务器无法连接，有 2 条未同步' })
        .waitFor({ timeout: 5_000 });
      expect(await badge().textContent()).toBe('服务器无法连接有 2 条未同步');
      // 立即同步, five quick taps, in the app (the badge opens 同步).
      await badge().click();
      const button = page.getByRole('button', { name: '立即同步' });
      for (let i = 0; i < 5; i++) {
        await button.click();
        taps++;
      }
      await page.getByRole('status').getByText('服务器无法连接，有 2 条未同步').waitFor();
    });
    if (!r) throw new Error('no result');
    console.log(
      `6 s outage: ${r.syncRequests.length} sync requests (${r.apiRequests} /api/) in ${r.downMs} ms, shortest gap ${shortestGap(r.syncRequests)} ms; recovery ${r.recoveryMs} ms`,
    );
    expect(r.recoveryMs).toBeLessThanOrEqual(5_000);
    // One request per step of the schedule (the taps may cut one wait short, never below 1 s apart).
    expect(r.syncRequests.length).toBeLessThanOrEqual(maxAttemptsIn(r.downMs) + 1);
    expect(shortestGap(r.syncRequests)).toBeGreaterThanOrEqual(450);
    expect(taps).toBe(5);
    await waitSynced(page);
  });

  test('[C15] a 45 s outage with a reload in it: no flood on page load, queue empty ≤ 5 s after the server answers', async () => {
    await page.goto(`${h.baseUrl}/persons/${personId}`);
    await waitSynced(page);
    let reloadAt = 0;
    let onLoad: number[] = [];
    const log = new ApiLog(page);
    const [r] = await serverOutage(h, [page], 45_000, async () => {
      await page.waitForTimeout(3_000);
      reloadAt = Date.now();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: '停机测试甲' }).waitFor();
      await page.waitForTimeout(3_000);
      onLoad = log.between(reloadAt, reloadAt + 3_000);
      await recordVisitInApp(page, '重新加载后的走访');
      await page.getByRole('link', { name: /^同步状态：服务器无法连接，有 2 条未同步$/ }).waitFor();
    });
    log.stop();
    if (!r) throw new Error('no result');
    const afterReload = r.syncRequests.filter((t) => t >= reloadAt);
    console.log(
      `45 s outage: ${r.syncRequests.length} sync requests (${r.apiRequests} /api/) in ${r.downMs} ms, ${onLoad.length} /api/ requests in the 3 s after the reload; recovery ${r.recoveryMs} ms`,
    );
    expect(r.recoveryMs).toBeLessThanOrEqual(5_000);
    // Page load: the engine's first attempt, its first retry or two, and the org refresh — not ~120 pushes.
    expect(onLoad.length).toBeLessThanOrEqual(5);
    // Each page lifetime (before and after the reload) keeps to one request per step.
    const beforeReload = r.syncRequests.filter((t) => t < reloadAt);
    expect(beforeReload.length).toBeLessThanOrEqual(
      maxAttemptsIn(reloadAt - (beforeReload[0] ?? reloadAt)) + 1,
    );
    expect(afterReload.length).toBeLessThanOrEqual(maxAttemptsIn(r.downMs) + 1);
    expect(shortestGap(beforeReload)).toBeGreaterThanOrEqual(450);
    expect(shortestGap(afterReload)).toBeGreaterThanOrEqual(450);
    expect(await readStore(page, 'outbox')).toEqual([]);
    await waitSynced(page);
  });

  test('[C8] the browser going offline turns 已同步 into 离线 at once, with the count; no request while offline', async () => {
    await waitSynced(page);
    const log = new ApiLog(page);
    const offAt = Date.now();
    await ctx.setOffline(true);
    await page.getByRole('link', { name: '同步状态：离线' }).waitFor({ timeout: 1_000 });
    await recordVisitInApp(page, '断网时的走访');
    await page.getByRole('link', { name: '同步状态：离线，有 1 条未同步' }).waitFor();
    expect(await badge().textContent()).toBe('离线有 1 条未同步');
    await page.waitForTimeout(5_000);
    expect(log.between(offAt, Date.now(), '/api/sync/')).toEqual([]);
    await ctx.setOffline(false);
    await waitSynced(page, 10_000);
    log.stop();
    expect(await readStore(page, 'outbox')).toEqual([]);
  });
});
