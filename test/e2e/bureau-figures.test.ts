import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { apiLogin, logIn, startHarness, waitForController, type Harness } from './harness.ts';
import { recordCondolence, recordVisit, syncAndWait, testIdNumber } from './flows.ts';
import { SUMMARY_FIGURES, type ReportSummary } from '../../src/model/report.ts';
import { chinaDate } from '../../src/model/dates.ts';
import { SOURCE_LABELS } from '../../src/stores/reports.ts';
import { formatNumber } from '../../src/ui/reports/format.ts';

/**
 * Issue 4's browser proof: the bureau's figures fall out of what a worker records at the door.
 * The district admin imports a registry file (GB18030, as Excel in China writes it); worker1's phone receives
 * those persons, records two visits and a condolence, syncs; the district report changes by exactly those
 * records and nothing else; an export of the visits reads back with the worker's text.
 */
const STREET = '440310001000';
const COMMUNITY = '440310001001';
const DISTRICT = '440310000000';
const IMPORTED = ['名册导入甲', '名册导入乙', '名册导入丙'] as const;

function registryCsv(firstAddress = '坪山区六联社区1号'): Buffer {
  const rows = [
    ['姓名', '性别', '身份证号', '手机号', '所属社区', '人员类别', '地址', '联系等级'],
    ...IMPORTED.map((name, i) => [
      name,
      '男',
      testIdNumber(300 + i),
      `1380013800${i}`,
      '六联社区',
      '退役士兵',
      i === 0 ? firstAddress : `坪山区六联社区${i + 1}号`,
      i === 2 ? '重点联系' : '普遍联系',
    ]),
  ];
  return iconv.encode(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'gb18030');
}

async function summary(baseUrl: string, token: string, from: string, to: string): Promise<ReportSummary> {
  const res = await fetch(`${baseUrl}/api/reports/summary?from=${from}&to=${to}&unit=${DISTRICT}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ReportSummary;
}

function child(s: ReportSummary, id: string): ReportSummary {
  const c = s.children.find((x) => x.unit.id === id);
  if (!c) throw new Error(`no child ${id} in ${s.unit.id}`);
  return c;
}

/** Every figure of the contract, as numbers, for comparing two reports key by key. */
function figures(s: ReportSummary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key] of SUMMARY_FIGURES) out[key] = s[key];
  for (const [k, v] of Object.entries(s.visitsByCampaign)) out[`visitsByCampaign.${k}`] = v;
  for (const [k, v] of Object.entries(s.activitiesByTheme)) out[`activitiesByTheme.${k}`] = v;
  return out;
}

function diff(before: ReportSummary, after: ReportSummary): Record<string, number> {
  const a = figures(before);
  const b = figures(after);
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = Math.round(((b[k] ?? 0) - (a[k] ?? 0)) * 100) / 100;
    if (d !== 0) out[k] = d;
  }
  return out;
}

describe('the bureau’s figures follow from records made at the door', () => {
  let h: Harness;
  let worker: BrowserContext;
  let page: Page;
  let admin: Page;
  let adminToken = '';
  const today = chinaDate();
  const from = `${today.slice(0, 4)}-01-01`;

  beforeAll(async () => {
    h = await startHarness();
    adminToken = await apiLogin(h.baseUrl, 'admin');
    worker = await h.device('worker');
    page = await worker.newPage();
    admin = await (await h.browser()).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the admin screen refuses a registry with a bad ID by row and column, then imports the GB18030 file once; re-importing updates without duplicating', async () => {
    await admin.goto(h.baseUrl);
    await logIn(admin, 'admin');
    await admin.goto(`${h.baseUrl}/admin/import`);
    await admin.getByRole('heading', { level: 1, name: '导入数据' }).waitFor();
    const upload = async (body: Buffer) => {
      await admin.getByLabel('文件', { exact: true }).setInputFiles({
        name: 'registry.csv',
        mimeType: 'text/csv',
        buffer: body,
      });
      await Promise.all([
        admin.waitForResponse((r) => r.url().includes('/api/admin/import/preview')),
        admin.getByRole('button', { name: '上传并预览' }).click(),
      ]);
      await admin.getByRole('heading', { name: '预览（尚未导入）' }).waitFor();
    };
    const confirm = admin.getByRole('button', { name: '确认导入' });

    // The third person's ID number with a wrong check character: the whole file is refused.
    const bad = registryCsv().toString('latin1');
    const good = testIdNumber(302);
    const broken = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    await upload(Buffer.from(bad.replace(good, broken), 'latin1'));
    const errors = admin.getByRole('table', { name: '错误明细' });
    await expect.poll(() => errors.locator('tbody tr').count()).toBe(1);
    const cells = await errors.locator('tbody tr td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['4', '身份证号']);
    await expect.poll(() => confirm.isDisabled()).toBe(true);

    await upload(registryCsv());
    await confirm.click();
    await admin.getByRole('heading', { name: '导入完成' }).waitFor();
    await admin.getByText('已导入：新增 3 条，更新 0 条').waitFor();

    await admin.getByRole('button', { name: '导入另一个文件' }).click();
    await upload(registryCsv());
    await admin.getByText('文件与服务器上的数据一致，没有需要导入的内容。').waitFor();
    await expect.poll(() => confirm.isDisabled()).toBe(true);

    await upload(registryCsv('坪山区六联社区1号2栋'));
    await confirm.click();
    await admin.getByText('已导入：新增 0 条，更新 1 条').waitFor();

    await page.goto(h.baseUrl);
    await logIn(page, 'worker1');
    await syncAndWait(page);
    await page.goto(`${h.baseUrl}/persons`);
    for (const name of IMPORTED) await page.getByText(name).first().waitFor();
    expect(await page.getByText(IMPORTED[0], { exact: true }).count()).toBe(1);
    await page
      .getByRole('link', { name: new RegExp(IMPORTED[0]) })
      .first()
      .click();
    await page.getByText('坪山区六联社区1号2栋').first().waitFor();
  });

  test('two visits and a condolence recorded offline change the district report by exactly those records', async () => {
    const before = await summary(h.baseUrl, adminToken, from, today);
    const ids = await personIds(page, h.baseUrl);

    await worker.setOffline(true);
    await recordVisit(page, h.baseUrl, ids[0], '报表测试走访一');
    await recordVisit(page, h.baseUrl, ids[1], '报表测试走访二');
    await recordCondolence(page, h.baseUrl, ids[0], { cash: '500', goodsValue: '200.5' });
    await worker.setOffline(false);
    await syncAndWait(page);

    const after = await summary(h.baseUrl, adminToken, from, today);
    const change = {
      visits: 2,
      'visitsByCampaign.大走访': 2,
      condolences: 1,
      condolenceCashYuan: 500,
      condolenceGoodsYuan: 200.5,
    };
    expect(diff(before, after)).toEqual(change);
    expect(diff(child(before, STREET), child(after, STREET))).toEqual(change);
    expect(diff(child(child(before, STREET), COMMUNITY), child(child(after, STREET), COMMUNITY))).toEqual(
      change,
    );
    for (const street of after.children.filter((c) => c.unit.id !== STREET))
      expect(diff(child(before, street.unit.id), street)).toEqual({});
  });

  test('the 报表 screen shows the server’s figures, drills down street → community, and draws the chart', async () => {
    const year = today.slice(0, 4);
    const s = await summary(h.baseUrl, adminToken, `${year}-01-01`, `${year}-12-31`);
    await admin.goto(`${h.baseUrl}/reports`);
    await admin.getByText(`数据来源：${SOURCE_LABELS.server}`).waitFor();
    expect(await rowFigures(admin, `${s.unit.name}（合计）`)).toEqual(tableRow(s));
    const street = child(s, STREET);
    expect(await rowFigures(admin, street.unit.name)).toEqual(tableRow(street));

    await admin.getByRole('button', { name: street.unit.name, exact: true }).click();
    await admin.getByRole('rowheader', { name: `${street.unit.name}（合计）` }).waitFor();
    const community = child(street, COMMUNITY);
    expect(await rowFigures(admin, community.unit.name)).toEqual(tableRow(community));
    expect(tableRow(community).slice(0, 2)).not.toEqual(['0', '0']);

    // chart.js, loaded lazily, has painted bars: some pixel of the canvas is not transparent.
    const canvas = admin.getByRole('img', { name: /柱状图/ });
    await canvas.waitFor();
    await expect
      .poll(() =>
        canvas.evaluate((c: HTMLCanvasElement) => {
          const ctx = c.getContext('2d');
          if (!ctx || c.width === 0) return false;
          const px = ctx.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) return true;
          return false;
        }),
      )
      .toBe(true);
  });

  test('[R2] offline, street staff’s phone computes the street report from its own records, equal to the server’s', async () => {
    const phone = await (await h.device('street')).newPage();
    await phone.goto(h.baseUrl);
    await logIn(phone, 'street1');
    await syncAndWait(phone);
    await waitForController(phone);
    await phone.context().setOffline(true);
    await phone.goto(`${h.baseUrl}/reports`);
    await phone.getByText(`数据来源：${SOURCE_LABELS.device}`).waitFor();
    const year = today.slice(0, 4);
    const s = await summary(h.baseUrl, adminToken, `${year}-01-01`, `${year}-12-31`);
    const street = child(s, STREET);
    expect(await rowFigures(phone, `${street.unit.name}（合计）`)).toEqual(tableRow(street));
    expect(await rowFigures(phone, child(street, COMMUNITY).unit.name)).toEqual(
      tableRow(child(street, COMMUNITY)),
    );
    await phone.context().setOffline(false);
  });

  test('the visits exported from the admin screen are a UTF-8 CSV with a BOM that reads back with the worker’s text', async () => {
    await admin.goto(`${h.baseUrl}/admin/export`);
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: '导出走访记录 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = new Uint8Array(readFileSync(await download.path()));
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    const texts = parsed.data.map((r) => Object.values(r).join('|'));
    expect(texts.filter((t) => t.includes('报表测试走访一'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('报表测试走访二'))).toHaveLength(1);
  });

  test('offline, the worker’s 待访清单 names the priority person who is due, and recording the home visit clears it', async () => {
    await worker.setOffline(true);
    await page.goto(`${h.baseUrl}/worklist`);
    await page.getByRole('heading', { level: 1, name: '待访清单' }).waitFor();
    const due = page.getByRole('link', { name: `记录走访：${IMPORTED[2]}` });
    await expect.poll(() => due.count()).toBeGreaterThan(0);
    for (const name of IMPORTED.slice(0, 2))
      expect(await page.getByRole('link', { name: `记录走访：${name}` }).count()).toBe(0);

    await due.first().click();
    await page.waitForURL(/\/visit\/new\?from=worklist$/);
    await page.getByRole('radio', { name: '大走访' }).check();
    await page.getByLabel('基本情况').fill('重点联系对象季度入户走访');
    await page.getByRole('button', { name: '保存' }).click();
    // Back on the list, which has dropped the person.
    await page.waitForURL(/\/worklist\?saved=visit$/);
    await page.getByRole('heading', { level: 1, name: '待访清单' }).waitFor();
    await expect.poll(() => due.count()).toBe(0);
    await worker.setOffline(false);
  });
});

/** The imported persons' ids, in IMPORTED order, from the device's person list. */
async function personIds(page: Page, baseUrl: string): Promise<[string, string, string]> {
  const ids: string[] = [];
  for (const name of IMPORTED) {
    await page.goto(`${baseUrl}/persons`);
    await page
      .getByRole('link', { name: new RegExp(name) })
      .first()
      .click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    const m = /\/persons\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
    if (!m?.[1]) throw new Error(`no id for ${name}`);
    ids.push(m[1]);
  }
  return [ids[0] ?? '', ids[1] ?? '', ids[2] ?? ''];
}

/** A summary's figures as the 报表 table prints them, in column order. */
function tableRow(s: ReportSummary): string[] {
  return SUMMARY_FIGURES.map(([key]) => formatNumber(s[key]));
}

/**
 * The figures of the unit `name` as the screen shows them: the cards on a phone-sized page (these tests run at
 * 360 px, where the table is hidden), else the table row.
 */
async function rowFigures(page: Page, name: string): Promise<string[]> {
  const card = page.locator(`[data-unit-card="${name}"]`);
  if (await card.isVisible()) return card.locator('dd').allTextContents();
  const row = page.locator('table.report-table tr', {
    has: page.getByRole('rowheader', { name, exact: true }),
  });
  return row.locator('td').allTextContents();
}
