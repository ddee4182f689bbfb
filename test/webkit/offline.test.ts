import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pullAll, startHarness, type Harness } from '../e2e/harness.ts';
import { assertWebKitInstalled, launchWebKit, type WebKit } from './engine.ts';
import {
  createPerson,
  logIn,
  outboxSize,
  readStore,
  recordVisit,
  waitForController,
  waitForText,
} from './flows.ts';
import { outageRecovery } from './recovery.ts';
import type { Session } from './webdriver.ts';

/**
 * The offline core in the second engine, WebKitGTK (the iOS Safari family: no Background Sync, no
 * navigator.storage, fetch fails with "Load failed"). The server is really killed and started again; no
 * `online` event is ever sent (navigator.onLine stays true throughout, as on a phone whose server is gone).
 * Chromium keeps the full suite (test/e2e).
 */

/** The app's own account of what is left to sync: the 同步 screen's 未同步的更改 count. */
function pendingOnSyncScreen(s: Session): Promise<string | null> {
  return s.execute<string | null>(
    `for (const dt of document.querySelectorAll('main dt'))
       if (dt.textContent.trim() === '未同步的更改') return dt.nextElementSibling.textContent.trim();
     return null;`,
  );
}

function visitsOnServer(h: Harness): Promise<string[]> {
  return pullAll(h.baseUrl, 'worker1').then((changes) =>
    changes.flatMap((c) =>
      c.kind === 'visit' && typeof c.data?.['situation'] === 'string' ? [c.data['situation']] : [],
    ),
  );
}

describe('WebKit: the app works offline and resyncs by itself', () => {
  let h: Harness;
  let wk: WebKit;
  let s: Session;
  let personId = '';
  beforeAll(async () => {
    assertWebKitInstalled();
    h = await startHarness();
    wk = await launchWebKit();
    s = await wk.newSession();
  });
  afterAll(async () => {
    await wk?.close();
    await h?.close();
  });

  test('[C1][C7] load, service worker, login, a visit online, an offline reload, a visit offline, resync without reload', async () => {
    await s.goto(h.baseUrl);
    expect(await waitForController(s)).toBe(`${h.baseUrl}/sw.js`);
    await logIn(s, 'worker1');
    personId = await createPerson(s, 'WebKit测试甲', 31);
    await recordVisit(s, personId, 'WebKit 在线走访');
    await expect.poll(() => outboxSize(s), { timeout: 20_000, interval: 200 }).toBe(0);
    expect(await visitsOnServer(h)).toContain('WebKit 在线走访');

    // The server dies. A cold reload comes from the precache and the cached session opens the app.
    await h.killServer();
    // The worst realistic path: the browser still believes it is online (no `offline` event either).
    expect(await s.execute<boolean>('return navigator.onLine;')).toBe(true);
    await s.reload();
    await s.waitForElement('the signed-in shell, offline', 'header.topbar');
    await waitForText(s, 'h1', 'WebKit测试甲');

    await recordVisit(s, personId, 'WebKit 离线走访');
    await s.reload();
    await waitForText(s, 'main', 'WebKit 离线走访');
    const visits = await readStore<{ personId: string; situation: string }>(s, 'visit');
    expect(visits.find((v) => v.situation === 'WebKit 离线走访')?.personId).toBe(personId);
    expect(await outboxSize(s)).toBeGreaterThan(0);

    // To 同步 inside the app (no page load), then the server comes back. Nothing else happens: no reload, no
    // `online` event; the engine's own retry must bring the queue over.
    await s.click(await s.waitForElement('the header badge', 'header a[href="/sync"]'));
    await waitForText(s, 'h1', '同步');
    expect(await pendingOnSyncScreen(s)).not.toBe('0 条');
    const pageId = await s.execute<number>('return (window.__webkitPage ??= Math.random());');
    await h.startServer();

    await expect.poll(() => outboxSize(s), { timeout: 60_000, interval: 200 }).toBe(0);
    await expect.poll(() => pendingOnSyncScreen(s), { timeout: 10_000, interval: 200 }).toBe('0 条');
    await waitForText(s, 'header a[href="/sync"]', '已同步', 10_000);
    expect(await s.execute<number>('return window.__webkitPage;')).toBe(pageId);
    expect(await visitsOnServer(h)).toEqual(expect.arrayContaining(['WebKit 在线走访', 'WebKit 离线走访']));
  });

  test('[C15] after a 6 s server outage the outbox is empty within 5 s of the server answering again', async () => {
    expect(personId).not.toBe('');
    await expect.poll(() => outboxSize(s), { timeout: 20_000, interval: 200 }).toBe(0);
    const run = await outageRecovery(h, s, { personId, outageMs: 6_000, giveUpMs: 60_000, label: 'e2e' });
    expect(run.recoveryMs, `outbox empty ${run.recoveryMs} ms after the server answered`).toBeLessThanOrEqual(
      5_000,
    );
    expect(await visitsOnServer(h)).toContain(run.situation);
  });
});
