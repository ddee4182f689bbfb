import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { apiLogin, logIn, startHarness, type Harness } from './harness.ts';
import { recordCondolence, recordVisit, syncAndWait, testIdNumber } from './flows.ts';
import { SUMMARY_FIGURES, type ReportSummary } from '../../src/model/report.ts';
import { chinaDate } from '../../src/model/dates.ts';

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
    ['姓名', '性别', '身份证号', '手机号', '所属社区', '人员类别', '地址'],
    ...IMPORTED.map((name, i) => [
      name,
      '男',
      testIdNumber(300 + i),
      `1380013800${i}`,
      '六联社区',
      '退役士兵',
      i === 0 ? firstAddress : `坪山区六联社区${i + 1}号`,
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
  let adminToken = '';
  const today = chinaDate();
  const from = `${today.slice(0, 4)}-01-01`;

  beforeAll(async () => {
    h = await startHarness();
    adminToken = await apiLogin(h.baseUrl, 'admin');
    worker = await h.device('worker');
    page = await worker.newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a GB18030 registry file imports its persons once, and re-importing it updates without duplicating', async () => {
    const rounds = [
      { body: registryCsv(), expected: { create: 3, update: 0, unchanged: 0, committed: true } },
      { body: registryCsv(), expected: { create: 0, update: 0, unchanged: 3, committed: false } },
      {
        body: registryCsv('坪山区六联社区1号2栋'),
        expected: { create: 0, update: 1, unchanged: 2, committed: true },
      },
    ];
    for (const { body, expected } of rounds) {
      const res = await fetch(`${h.baseUrl}/api/admin/import/commit?name=registry.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(body),
      });
      const outcome = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(outcome)).toBe(200);
      expect(outcome).toMatchObject({ ...expected, encoding: 'gb18030', errorCount: 0 });
    }
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

  test('the visits export is a UTF-8 CSV with a BOM that reads back with the worker’s text', async () => {
    const res = await fetch(`${h.baseUrl}/api/export/visit.csv`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
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
