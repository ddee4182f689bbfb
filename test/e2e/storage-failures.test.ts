import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { violations } from './axe.ts';
import { logIn, startHarness, type Harness } from './harness.ts';

/** IndexedDB failures the whole app must name in plain Chinese (src/ui/pwa/storage-health.ts). */
describe('IndexedDB failures give a clear message', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a browser without IndexedDB (as some private modes) is told that records cannot be kept offline', async () => {
    const ctx = await (await h.browser()).newContext({ viewport: { width: 360, height: 740 } });
    await ctx.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    });
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    // Said by the login screen (the session could not be read) and by the storage banner; at least one.
    const alert = page.getByRole('alert').filter({ hasText: '无法使用本地存储' }).first();
    await alert.waitFor();
    expect(await violations(page)).toEqual([]);
    await ctx.close();
  });

  test('a database upgrade from another tab asks this tab to reload instead of failing silently', async () => {
    const ctx = await (await h.browser()).newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker1');
    // Another tab opens the database at a newer version (as a newer app version would).
    const other = await ctx.newPage();
    await other.goto(`${h.baseUrl}/settings`);
    await other.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('zoufang', 100_000);
          req.addEventListener('success', () => {
            req.result.close();
            resolve();
          });
          req.addEventListener('error', () => reject(req.error ?? new Error('open failed')));
        }),
    );
    await page.getByRole('alert').filter({ hasText: '已在另一个窗口升级' }).waitFor();
    await expect(page.getByRole('button', { name: '刷新' }).isVisible()).resolves.toBe(true);
    await ctx.close();
  });
});
