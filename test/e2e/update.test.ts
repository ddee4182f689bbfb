import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { violations } from './axe.ts';
import { ROOT, logIn, readStore, startHarness, waitForController, type Harness } from './harness.ts';
import { createPerson, recordVisit } from './flows.ts';

/** Asks the browser to look for a new sw.js now (what the app does hourly and on becoming visible). */
async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    await reg?.update();
  });
}

/**
 * An app update arriving while a worker is typing. The second version is a real build of the same sources with
 * another VITE_BUILD_ID (shown on <html data-build>), so its chunks, precache manifest and sw.js all differ.
 */
describe('an app update never drops the outbox or an open draft', () => {
  let h: Harness;
  let v2: string;
  beforeAll(async () => {
    h = await startHarness();
    v2 = join(h.tmp, 'dist-v2');
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '--outDir', v2, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        env: { ...process.env, VITE_BUILD_ID: 'e2e-v2' },
        stdio: 'pipe',
      },
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  test('accepting 更新 flushes the draft typed a moment ago and keeps the queued visit', async () => {
    const ctx = await h.device('update');
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await waitForController(page);
    expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe('local');
    await logIn(page, 'worker1');
    const personId = await createPerson(page, h.baseUrl, '更新测试乙', 2);

    // Nothing reaches the server from here on, so the visit stays queued in the outbox.
    await ctx.route('**/api/sync/**', (route) => route.abort());
    await recordVisit(page, h.baseUrl, personId, '更新前记录的走访');
    const queued = (await readStore<{ recordId: string; kind: string }>(page, 'outbox')).filter(
      (e) => e.kind === 'visit',
    );
    expect(queued).toHaveLength(1);

    // A need form is open with text typed into it.
    await page.goto(`${h.baseUrl}/persons/${personId}/need/new`);
    const description = page.getByLabel('困难描述');
    await description.fill('老人独居，行动不便');

    // The new version is deployed and found.
    h.serveBuild(v2);
    await checkForUpdate(page);
    const update = page.getByRole('button', { name: '更新', exact: true });
    await update.waitFor({ timeout: 30_000 });
    await expect(page.getByText('新版本可用').isVisible()).resolves.toBe(true);
    expect(await violations(page)).toEqual([]);

    // The last words are typed and 更新 pressed at once, inside the autosave's debounce window: only the
    // flush before the update can save them.
    await description.fill('老人独居，行动不便，需要送餐');
    await update.click();
    await page.waitForFunction(() => document.documentElement.dataset.build === 'e2e-v2', null, {
      timeout: 30_000,
    });

    const drafts = await readStore<{ key: string; values: Record<string, unknown> }>(page, 'drafts');
    expect(drafts.find((d) => d.key === `need:new:${personId}`)?.values['description']).toBe(
      '老人独居，行动不便，需要送餐',
    );
    const outbox = await readStore<{ recordId: string; kind: string }>(page, 'outbox');
    expect(outbox.filter((e) => e.kind === 'visit')).toEqual(queued);

    // Back on the new version, the form offers the draft and resumes it word for word.
    await page.getByRole('button', { name: '继续填写' }).click();
    await expect(page.getByLabel('困难描述').inputValue()).resolves.toBe('老人独居，行动不便，需要送餐');
  });
});
