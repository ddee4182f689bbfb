import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin, logIn, startHarness, type Harness } from './harness.ts';
import { createPerson, recordCondolence, recordVisit, syncAndWait } from './flows.ts';
import type { ReportSummary } from '../../src/model/report.ts';
import { chinaDate } from '../../src/model/dates.ts';

/**
 * Issue 11's proof for corrections (SPEC.md S6, R4): on a phone, the worker opens a condolence from the person
 * page and corrects its 慰问金 with 修改, opens a visit and voids it with a reason; after sync the district report
 * changes by exactly that correction and that record, and nothing else.
 */
const DISTRICT = '440310000000';

async function summary(baseUrl: string, token: string, day: string): Promise<ReportSummary> {
  const res = await fetch(
    `${baseUrl}/api/reports/summary?from=${day.slice(0, 4)}-01-01&to=${day}&unit=${DISTRICT}`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as ReportSummary;
}

/** A report's numbers by key: the top-level figures and the per-campaign counts. */
function flat(s: ReportSummary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(s)) if (typeof v === 'number') out[k] = v;
  for (const [k, v] of Object.entries(s.visitsByCampaign)) out[`visitsByCampaign.${k}`] = v;
  return out;
}

/** The figures that moved between two reports. */
function diff(before: ReportSummary, after: ReportSummary): Record<string, number> {
  const a = flat(before);
  const b = flat(after);
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = Math.round(((b[k] ?? 0) - (a[k] ?? 0)) * 100) / 100;
    if (d !== 0) out[k] = d;
  }
  return out;
}

describe('corrections and voids', () => {
  let h: Harness;
  let page: Page;
  let token = '';

  beforeAll(async () => {
    h = await startHarness();
    token = await apiLogin(h.baseUrl, 'admin');
    page = await (await h.device('worker')).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('[S10] [R4] a corrected 慰问金 and a voided visit change the district report by exactly that record', async () => {
    const today = chinaDate();
    await page.goto(h.baseUrl);
    await logIn(page, 'worker1');
    const personId = await createPerson(page, h.baseUrl, '更正测试对象', 71);
    await recordVisit(page, h.baseUrl, personId, '要作废的走访');
    await recordVisit(page, h.baseUrl, personId, '保留的走访');
    await recordCondolence(page, h.baseUrl, personId, { cash: '500', goodsValue: '0' });
    await syncAndWait(page);
    const before = await summary(h.baseUrl, token, today);

    // 修改: from the person page's row to the record, then the prefilled form.
    await page.goto(`${h.baseUrl}/persons/${personId}`);
    await page.getByRole('link', { name: /慰问金 500\.00 元/ }).click();
    await page.waitForURL(/\/records\/condolence\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: '修改' }).click();
    const cash = page.getByLabel('慰问金（元）');
    expect(await cash.inputValue()).toBe('500.00');
    await cash.fill('300');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/records\/condolence\/[0-9a-f-]{36}\?saved=1$/);
    await page.getByText('300.00').waitFor();

    // 作废 with a reason.
    await page.goto(`${h.baseUrl}/persons/${personId}`);
    await page.getByRole('link', { name: /要作废的走访/ }).click();
    await page.getByRole('button', { name: '作废' }).click();
    await page.getByLabel('作废原因').fill('走访对象录错了');
    await page.getByRole('button', { name: '确认作废' }).click();
    await page.getByText('已作废：走访对象录错了').waitFor();
    await syncAndWait(page);

    const after = await summary(h.baseUrl, token, today);
    expect(diff(before, after)).toEqual({
      visits: -1,
      'visitsByCampaign.大走访': -1,
      condolenceCashYuan: -200,
    });

    await page.goto(`${h.baseUrl}/persons/${personId}`);
    await page.getByRole('heading', { name: '走访记录（1）' }).waitFor();
    await page.getByRole('link', { name: /已作废/ }).waitFor();

    // [P18] Online, the corrected record shows its revision, with the worker's name and the field's label.
    await page.getByRole('link', { name: /慰问金 300\.00 元/ }).click();
    const revisions = page.getByTestId('revisions');
    await revisions.getByText('慰问金（元）：500.00 → 300.00').waitFor();
    expect(await revisions.textContent()).toContain('六联社区李社工 · ');
  });
});
