import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { logIn, pullAll, readStore, startHarness, type Harness } from './harness.ts';
import { createNeed, createPerson, recordVisit, syncAndWait } from './flows.ts';

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
/** Fails with a message instead of hanging until the test timeout. */
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function byText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Issue 3's browser proofs: real devices (persistent Chromium profiles) running the real sync engine against
 * the real server. Device A is worker1, device B is worker2, both of 六联社区.
 */
describe('two devices of one community sync through the real server', () => {
  let h: Harness;
  let a: BrowserContext;
  let b: BrowserContext;
  let pageA: Page;
  let pageB: Page;
  let personId = '';

  beforeAll(async () => {
    h = await startHarness();
    a = await h.device('a');
    b = await h.device('b');
    pageA = await a.newPage();
    pageB = await b.newPage();
    await pageA.goto(h.baseUrl);
    await logIn(pageA, 'worker1');
    personId = await createPerson(pageA, h.baseUrl, '同步测试丁', 4);
    await syncAndWait(pageA);
    await pageB.goto(h.baseUrl);
    await logIn(pageB, 'worker2');
    await syncAndWait(pageB);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a visit recorded offline on A reaches B once A is back online', async () => {
    await a.setOffline(true);
    await recordVisit(pageA, h.baseUrl, personId, 'A离线记录的走访');
    expect(
      (await readStore<{ kind: string }>(pageA, 'outbox')).filter((e) => e.kind === 'visit'),
    ).toHaveLength(1);
    await a.setOffline(false);
    await syncAndWait(pageA);
    expect(await readStore(pageA, 'outbox')).toEqual([]);

    await pageB.goto(`${h.baseUrl}/persons/${personId}`);
    await syncAndWait(pageB);
    await pageB.getByText('A离线记录的走访').first().waitFor();
  });

  test('[P10] both devices change one need offline: one value applies, the other is in the conflict log for street1', async () => {
    const needId = await createNeed(pageA, h.baseUrl, personId, '住房漏雨');
    await syncAndWait(pageA);
    await pageB.goto(`${h.baseUrl}/needs/${needId}`);
    await syncAndWait(pageB);
    await pageB.getByText('住房漏雨').first().waitFor();

    await a.setOffline(true);
    await b.setOffline(true);
    await pageA.goto(`${h.baseUrl}/needs/${needId}`);
    await pageA.getByLabel('新状态').selectOption('已转介');
    await pageA.getByLabel('办理说明').fill('A已转介住建部门');
    await pageA.getByRole('button', { name: '更新状态' }).click();
    await pageA.getByText('A已转介住建部门').first().waitFor();
    await pageB.getByLabel('新状态').selectOption('不予帮扶');
    await pageB.getByLabel('不予帮扶原因').fill('B核实已修缮');
    await pageB.getByRole('button', { name: '更新状态' }).click();
    await pageB.getByText('B核实已修缮').first().waitFor();

    await a.setOffline(false);
    await syncAndWait(pageA);
    await b.setOffline(false);
    await syncAndWait(pageB);

    // The server holds one status; the other survives in a conflict record of the same need.
    const changes = await pullAll(h.baseUrl, 'street1');
    const need = changes.find((c) => c.kind === 'need' && c.id === needId);
    const conflicts = changes.filter((c) => c.kind === 'conflict' && c.data?.['recordId'] === needId);
    const statusConflict = conflicts.find((c) => c.data?.['field'] === 'status');
    expect(statusConflict).toBeDefined();
    const values = [text(need?.data?.['status']), text(statusConflict?.data?.['overwrittenValue'])];
    expect(values.sort(byText)).toEqual(['不予帮扶', '已转介'].sort(byText));

    // street1 sees it on the 编辑冲突 screen.
    const ctx = await (await h.browser()).newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'street1');
    await syncAndWait(page);
    await page.goto(`${h.baseUrl}/conflicts`);
    const card = page.locator('article', { hasText: '帮扶状态' }).first();
    await card.waitFor();
    await expect(card.textContent()).resolves.toMatch(/已转介[\s\S]*不予帮扶|不予帮扶[\s\S]*已转介/);
    await ctx.close();
  });

  test('[P3][C4] a tab closed while its push is in flight loses nothing and duplicates nothing', async () => {
    // Only one tab of device A is open, so the push in flight is certainly this tab's.
    await pageA.close();
    const tab = await a.newPage();
    await tab.goto(`${h.baseUrl}/persons/${personId}`);
    await a.setOffline(true);
    for (const n of [1, 2, 3]) await recordVisit(tab, h.baseUrl, personId, `关闭标签页前的走访${n}`);

    // The push reaches the server and commits, but the tab is closed before it hears the answer.
    let reached!: () => void;
    const pushReachedServer = new Promise<void>((resolve) => (reached = resolve));
    await a.route('**/api/sync/push', async (route) => {
      await route.fetch();
      reached();
      // Never answered: the tab dies first.
    });
    await a.setOffline(false);
    await tab.evaluate(() => window.dispatchEvent(new Event('online')));
    await within(pushReachedServer, 30_000, 'the push never reached the server');
    await tab.close({ runBeforeUnload: false });
    await a.unroute('**/api/sync/push');

    // The app opened again on the same device: the queue is still there and syncs once.
    const again = await a.newPage();
    await again.goto(`${h.baseUrl}/persons/${personId}`);
    await syncAndWait(again);
    expect(await readStore(again, 'outbox')).toEqual([]);
    const onServer = (await pullAll(h.baseUrl, 'worker1')).filter(
      (c) => c.kind === 'visit' && text(c.data?.['situation']).startsWith('关闭标签页前的走访'),
    );
    expect(onServer.map((c) => text(c.data?.['situation'])).sort(byText)).toEqual([
      '关闭标签页前的走访1',
      '关闭标签页前的走访2',
      '关闭标签页前的走访3',
    ]);
    expect(onServer.every((c) => c.version >= 1)).toBe(true);
    await again.close();
  });

  test('[C3] two tabs of one device never push the same mutation twice', async () => {
    const pushed: string[] = [];
    const onRequest = (req: Request) => {
      if (!req.url().endsWith('/api/sync/push')) return;
      const body = JSON.parse(req.postData() ?? '{}') as { mutations?: { id: string }[] };
      for (const m of body.mutations ?? []) pushed.push(m.id);
    };
    a.on('request', onRequest);
    const tab1 = await a.newPage();
    const tab2 = await a.newPage();
    await tab1.goto(`${h.baseUrl}/persons/${personId}`);
    await tab2.goto(`${h.baseUrl}/persons/${personId}`);
    await a.setOffline(true);
    await recordVisit(tab1, h.baseUrl, personId, '两个标签页甲1');
    await recordVisit(tab2, h.baseUrl, personId, '两个标签页乙1');
    await recordVisit(tab1, h.baseUrl, personId, '两个标签页甲2');
    await recordVisit(tab2, h.baseUrl, personId, '两个标签页乙2');
    const queued = (await readStore<{ mutationId: string }>(tab1, 'outbox')).map((e) => e.mutationId);
    expect(queued).toHaveLength(4);

    await a.setOffline(false);
    await Promise.all([syncAndWait(tab1), syncAndWait(tab2)]);
    a.off('request', onRequest);

    expect([...pushed].sort()).toEqual([...queued].sort());
    const onServer = (await pullAll(h.baseUrl, 'worker1')).filter((c) =>
      text(c.data?.['situation']).startsWith('两个标签页'),
    );
    expect(onServer).toHaveLength(4);
    await tab1.close();
    await tab2.close();
  });

  test('[S2] a worker of another community cannot see these persons', async () => {
    const ctx = await (await h.browser()).newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker3');
    await syncAndWait(page);
    expect((await readStore<{ id: string }>(page, 'person')).map((p) => p.id)).not.toContain(personId);
    await page.goto(`${h.baseUrl}/persons/${personId}`);
    await page.getByText('找不到该服务对象').waitFor();
    const visible = await pullAll(h.baseUrl, 'worker3');
    expect(visible.filter((c) => c.id === personId || c.data?.['personId'] === personId)).toEqual([]);
    await ctx.close();
  });
});
