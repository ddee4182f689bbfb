import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { chinaDate } from '../../src/model/dates.ts';
import type { ReportSummary } from '../../src/model/report.ts';
import { apiLogin, logIn, pullAll, startHarness, waitForController, type Harness } from './harness.ts';
import { recordVisit, syncAndWait, testIdNumber } from './flows.ts';

/**
 * Issue 11's proof for 一人一档 (SPEC.md P19, R5): two workers register the same man while the server is down;
 * after sync the second file is a duplicate to merge; street staff merge it on the person page; one file is left
 * with every visit, and the district report counts the person once throughout.
 */
const DISTRICT = '440310000000';
const N = 311;

async function personsReceived(baseUrl: string, token: string): Promise<number> {
  const day = chinaDate();
  const res = await fetch(
    `${baseUrl}/api/reports/summary?from=${day.slice(0, 4)}-01-01&to=${day}&unit=${DISTRICT}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as ReportSummary).personsReceived;
}

/** 新建服务对象 with a 接收日期 of today (so the report counts the person) → 保存; the person's id. */
async function registerPerson(page: Page, baseUrl: string, name: string): Promise<string> {
  await page.goto(`${baseUrl}/persons/new`);
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('身份证号').fill(testIdNumber(N));
  await page.getByLabel('接收日期').fill(chinaDate());
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return new URL(page.url()).pathname.split('/')[2] ?? '';
}

describe('one person, one file', () => {
  let h: Harness;
  let w1: Page;
  let w2: Page;
  let staff: Page;

  beforeAll(async () => {
    h = await startHarness();
    w1 = await (await h.device('worker1')).newPage();
    w2 = await (await h.device('worker2')).newPage();
    staff = await (await h.device('street1')).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('[P19] [R5] two devices register the same person offline → a duplicate → street staff merge → one file, every visit, counted once', async () => {
    // First load online: the service workers take the pages, the sessions are cached.
    for (const [page, user] of [
      [w1, 'worker1'],
      [w2, 'worker2'],
      [staff, 'street1'],
    ] as const) {
      await page.goto(h.baseUrl);
      await waitForController(page);
      await logIn(page, user);
    }
    const admin = await apiLogin(h.baseUrl, 'admin');
    const before = await personsReceived(h.baseUrl, admin);

    // The server is gone: both workers register 张卫国 and record a visit on their own device.
    await h.killServer();
    const a = await registerPerson(w1, h.baseUrl, '张卫国');
    await recordVisit(w1, h.baseUrl, a, '甲的走访');
    const b = await registerPerson(w2, h.baseUrl, '张卫国');
    await recordVisit(w2, h.baseUrl, b, '乙的走访');

    await h.startServer();
    await syncAndWait(w1);
    await syncAndWait(w2);
    // worker2's file came second: the server kept it, as a duplicate of worker1's, with its visit.
    let server = await pullAll(h.baseUrl, 'street1');
    expect(server.find((c) => c.id === b)?.data?.['duplicateOf']).toBe(a);
    expect(await personsReceived(h.baseUrl, admin)).toBe(before + 1);

    // On worker2's device, after its pull: the page says so and links the file that stays.
    await w2.goto(`${h.baseUrl}/persons/${b}`);
    const notice = w2.getByTestId('duplicate-notice');
    await notice.getByText('重复档案，待合并').waitFor({ timeout: 30_000 });
    expect(await notice.getByRole('link', { name: '张卫国' }).getAttribute('href')).toBe(`/persons/${a}`);
    expect(await notice.getByRole('button', { name: '合并到已有档案' }).count()).toBe(0);
    // The form warns a third registration at once, with a link to a file of the area.
    await w2.goto(`${h.baseUrl}/persons/new`);
    await w2.getByLabel('身份证号').fill(testIdNumber(N));
    await w2.getByTestId('id-number-twin').getByText('该身份证号已有服务对象档案').waitFor();

    // Street staff merge from the duplicate's page.
    await syncAndWait(staff);
    await staff.goto(`${h.baseUrl}/persons/${b}`);
    await staff.getByRole('button', { name: '合并到已有档案' }).click();
    await staff.waitForURL(new RegExp(`/persons/${a}\\?merged=1$`));
    await staff.getByTestId('merged-notice').waitFor();
    await staff.getByRole('heading', { name: '走访记录（2）' }).waitFor();
    await staff.getByText('乙的走访').waitFor();

    server = await pullAll(h.baseUrl, 'street1');
    const live = server.filter(
      (c) => c.kind === 'person' && !c.deleted && c.data?.['idNumber'] === testIdNumber(N),
    );
    expect(live.map((c) => c.id)).toEqual([a]);
    const visits = server.filter((c) => c.kind === 'visit' && !c.deleted && c.data?.['personId'] === a);
    expect(new Set(visits.map((v) => v.data?.['situation']))).toEqual(new Set(['甲的走访', '乙的走访']));
    expect(await personsReceived(h.baseUrl, admin)).toBe(before + 1);

    // worker2's device follows by pull: its duplicate goes, the visit now sits on worker1's file.
    await syncAndWait(w2);
    await w2.goto(`${h.baseUrl}/persons/${a}`);
    await w2.getByText('乙的走访').waitFor({ timeout: 30_000 });

    // The merge is in the audit log, with the duplicate's file kept.
    const res = await fetch(`${h.baseUrl}/api/admin/audit?action=merge`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const entries = (
      (await res.json()) as { entries: { recordId: string; detail: { duplicateId: string } }[] }
    ).entries;
    expect(entries).toMatchObject([{ recordId: a, detail: { duplicateId: b } }]);
  });
});
