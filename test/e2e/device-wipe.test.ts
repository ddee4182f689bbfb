import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  apiLogin,
  logIn,
  pullAll,
  readStore,
  startHarness,
  waitForController,
  type Harness,
} from './harness.ts';
import { createPerson, syncAndWait } from './flows.ts';

/** The names of this origin's IndexedDB databases, read in the page. */
function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

async function loginScreen(page: Page): Promise<void> {
  await page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });
}

async function logOut(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/settings`);
  await page.getByRole('button', { name: '退出登录' }).click();
}

/**
 * Issue 10's device proofs (SPEC.md D1–D3) in real Chromium against the real server: logout deletes the
 * database, one profile used by two workers in turn, a pending queue that cannot be handed over, and an admin
 * disabling a user whose phone then pushes and wipes.
 */
describe('device security in Chromium', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('[D1] [D2] logout deletes IndexedDB; the next worker on the profile sees nothing of the first', async () => {
    const ctx = await h.device('shared');
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker1');
    await createPerson(page, h.baseUrl, '交接测试甲', 31);
    await syncAndWait(page);
    expect(await databases(page)).toContain('zoufang');

    await logOut(page, h.baseUrl);
    await loginScreen(page);
    expect(await databases(page)).not.toContain('zoufang');
    // A fresh start of the app on this profile does not make it anew either.
    await page.reload();
    await loginScreen(page);
    expect(await databases(page)).not.toContain('zoufang');

    // worker3 is of another community; nothing of worker1 may show, on screen or in the database.
    await logIn(page, 'worker3');
    await syncAndWait(page);
    await page.goto(`${h.baseUrl}/persons`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByText('交接测试甲').count()).toBe(0);
    const persons = await readStore<{ name: string }>(page, 'person');
    expect(persons.map((p) => p.name)).not.toContain('交接测试甲');
    await ctx.close();
  });

  test('[D1] [D2] a worker with unsynced changes cannot hand the phone over until they are synced', async () => {
    const ctx = await h.device('pending');
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker1');
    await syncAndWait(page);
    await waitForController(page); // the app shell is served offline from here on
    await ctx.setOffline(true);
    await createPerson(page, h.baseUrl, '未同步乙', 32);

    await logOut(page, h.baseUrl);
    const refusal = page.getByRole('alert').filter({ hasText: '还不能退出登录' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('1 条未同步的更改');
    // Still signed in as worker1, the change still queued: no other account can reach the login screen.
    expect(await page.getByRole('button', { name: '登录', exact: true }).count()).toBe(0);
    expect(await readStore(page, 'outbox')).toHaveLength(1);
    // Offline, 先同步 waits for the network; nothing is deleted meanwhile.
    await page.getByRole('button', { name: '先同步，再退出' }).click();
    await page.getByRole('button', { name: '正在同步，完成后退出…' }).waitFor();
    expect(await databases(page)).toContain('zoufang');
    expect(await readStore(page, 'outbox')).toHaveLength(1);

    // Back online, the queue is pushed and the logout completes.
    await ctx.setOffline(false);
    await loginScreen(page);
    expect(await databases(page)).not.toContain('zoufang');
    const server = await pullAll(h.baseUrl, 'worker2');
    expect(server.some((c) => c.data?.['name'] === '未同步乙')).toBe(true);
    await ctx.close();
  });

  test('[D3] an admin disables a user: the phone, once online, pushes what it holds and then wipes', async () => {
    const ctx = await h.device('disabled');
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker2');
    await syncAndWait(page); // the server now knows this device
    await waitForController(page);
    await ctx.setOffline(true);
    await createPerson(page, h.baseUrl, '停用前丙', 33);
    expect(await readStore(page, 'outbox')).toHaveLength(1);

    const admin = await apiLogin(h.baseUrl, 'admin');
    const users = (await (
      await fetch(`${h.baseUrl}/api/admin/users`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { users: { id: string; username: string }[] };
    const worker2 = users.users.find((u) => u.username === 'worker2')?.id ?? '';
    const off = await fetch(`${h.baseUrl}/api/admin/users/${worker2}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(off.status).toBe(200);

    await ctx.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await loginScreen(page);
    await expect.poll(() => databases(page), { timeout: 10_000 }).not.toContain('zoufang');
    const server = await pullAll(h.baseUrl, 'worker1');
    expect(server.some((c) => c.data?.['name'] === '停用前丙')).toBe(true);
    const devices = (await (
      await fetch(`${h.baseUrl}/api/admin/users/${worker2}/devices`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as { devices: { wipedAt: string | null; appVersion: string | null }[] };
    // The phone (the app sends its version; the earlier API pull of worker2 did not) is recorded as wiped.
    const phones = devices.devices.filter((d) => d.appVersion === '0.1.0');
    expect(phones).toHaveLength(1);
    expect(phones[0]?.wipedAt).not.toBeNull();
    await ctx.close();
  });
});
