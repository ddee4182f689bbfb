import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiLogin, logIn, pullAll, startHarness, type Harness } from './harness.ts';
import { createPerson, syncAndWait } from './flows.ts';

/**
 * 记录位置 in real Chromium (SPEC.md S11): a phone that may locate saves the visit with its place and accuracy,
 * which street staff see (and only after 显示位置) while the worker's own phone, after its pull, does not; a
 * phone without the permission saves all the same, well within the 10 s bound.
 */
const AT = { latitude: 22.7084, longitude: 114.3461, accuracy: 15 };

describe('record location', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('[S11] granted: the visit saves with its place; street1 reveals it, the worker reads it masked', async () => {
    const ctx = await h.device('located');
    await ctx.grantPermissions(['geolocation'], { origin: h.baseUrl });
    await ctx.setGeolocation(AT);
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker1');
    const personId = await createPerson(page, h.baseUrl, '定位测试对象', 81);
    await page.goto(`${h.baseUrl}/persons/${personId}/visit/new`);
    await page.getByRole('radio', { name: '大走访' }).check();
    await page.getByLabel('基本情况').fill('有定位的走访');
    await page.getByLabel('记录位置').check();
    await page.getByText('已获取位置（±15 米）').waitFor();
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/saved=visit/);
    await syncAndWait(page);

    const stored = (await pullAll(h.baseUrl, 'street1')).find(
      (c) => c.kind === 'visit' && c.data?.['situation'] === '有定位的走访',
    );
    expect(stored?.data?.['location']).toMatchObject({
      status: 'ok',
      lat: 22.7084,
      lng: 114.3461,
      accuracyM: 15,
    });
    const id = stored?.id ?? '';

    // The worker's own phone after its pull: that a place was recorded, not where.
    await page.goto(`${h.baseUrl}/records/visit/${id}`);
    await page.getByText('已记录位置（仅街道、区级可见）').waitFor();

    const street = await (await h.browser()).newPage();
    await street.goto(h.baseUrl);
    await logIn(street, 'street1');
    await syncAndWait(street);
    await street.goto(`${h.baseUrl}/records/visit/${id}`);
    await street.getByRole('button', { name: '显示位置' }).click();
    await street.getByText('22.708400, 114.346100（±15 米）').waitFor();
    // The reveal reaches the audit log with the next push, naming the visit (S7).
    await syncAndWait(street);
    const audit = await fetch(`${h.baseUrl}/api/admin/audit?action=reveal&person=${id}`, {
      headers: { authorization: `Bearer ${await apiLogin(h.baseUrl, 'admin')}` },
    });
    const { entries } = (await audit.json()) as { entries: unknown[] };
    expect(entries).toMatchObject([
      { username: 'street1', kind: 'visit', recordId: id, detail: { field: 'location' } },
    ]);
    await street.close();
  });

  test('[S11] a phone without the location permission still saves, and says why no place was kept', async () => {
    const page = await (await h.device('no-permission')).newPage();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker1');
    const personId = await createPerson(page, h.baseUrl, '无定位对象', 82);
    await page.goto(`${h.baseUrl}/persons/${personId}/visit/new`);
    await page.getByRole('radio', { name: '大走访' }).check();
    await page.getByLabel('基本情况').fill('无定位权限的走访');
    await page.getByLabel('记录位置').check();
    const started = Date.now();
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/saved=visit/, { timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(11_000);
    await syncAndWait(page);
    const stored = (await pullAll(h.baseUrl, 'street1')).find(
      (c) => c.kind === 'visit' && c.data?.['situation'] === '无定位权限的走访',
    );
    expect(['denied', 'timeout', 'unavailable']).toContain(
      (stored?.data?.['location'] as { status?: string } | undefined)?.status,
    );
  });
});
