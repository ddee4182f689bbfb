import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { logIn, readStore, startHarness, waitForController, type Harness } from './harness.ts';
import { createPerson, recordVisit } from './flows.ts';

interface OutboxRow {
  seq: number;
  kind: string;
  recordId: string;
  op: string;
}

describe('the app works offline after the first visit', () => {
  let h: Harness;
  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    h = await startHarness();
    ctx = await h.device('offline');
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('[C1] a visit recorded with the server killed survives a cold reload with its outbox entry', async () => {
    // First load, online: the service worker installs and takes the page (first install claims it).
    await page.goto(h.baseUrl);
    expect(await waitForController(page)).toBe(`${h.baseUrl}/sw.js`);
    await logIn(page, 'worker1');
    const personId = await createPerson(page, h.baseUrl, '离线测试甲', 1);

    // The server process dies: no network answer at all from here on.
    await h.killServer();
    expect(
      await fetch(`${h.baseUrl}/`).then(
        () => 'up',
        () => 'down',
      ),
    ).toBe('down');

    // Cold reload: the shell comes from the precache and the cached session opens the app.
    await page.reload();
    await page.locator('header.topbar').waitFor();
    await page.getByRole('heading', { level: 1, name: '离线测试甲' }).waitFor();

    await recordVisit(page, h.baseUrl, personId, '离线记录的走访');
    await page.reload();
    await page.getByText('离线记录的走访').first().waitFor();

    const visits = await readStore<{ id: string; personId: string; situation: string }>(page, 'visit');
    const visit = visits.find((v) => v.situation === '离线记录的走访');
    expect(visit?.personId).toBe(personId);
    const outbox = await readStore<OutboxRow>(page, 'outbox');
    expect(outbox.filter((e) => e.recordId === visit?.id)).toMatchObject([{ kind: 'visit', op: 'put' }]);

    // A brand-new tab (a cold start of the app, deep link included) with the server still down.
    const second = await ctx.newPage();
    await second.goto(`${h.baseUrl}/persons/${personId}`);
    await second.getByText('离线记录的走访').first().waitFor();
    await second.close();
  });
});
