import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';
import { summarize, type ReportRecords } from '../../src/model/report.ts';
import { reportsStore } from '../../src/stores/reports.ts';
import { navigate, startRouter } from '../../src/ui/app/router.ts';
import ReportsScreen from '../../src/ui/reports/ReportsScreen.tsx';
import { activity, condolence, fid, need, visit } from '../model/report-fixtures.ts';
import { ADMIN, setOnline } from './admin-users-fixtures.ts';
import { dropDevice, freshDevice } from './helpers.tsx';

const org = new OrgIndex(pingshanTree());
const DISTRICT = '440310000000';
const PINGSHAN = '440310001000'; // 坪山街道
const LIULIAN = '440310001001'; // 六联社区
const MALUAN_C = '440310002003'; // 马峦社区

const aided = fid();
/** The server's records of 2023: the fake server runs the real aggregation over them for every query. */
const SERVER: ReportRecords = {
  visits: [
    visit(LIULIAN, '2023-01-05'),
    visit(LIULIAN, '2023-06-01', { campaign: '六必访' }),
    visit(MALUAN_C, '2023-12-31'),
    visit(MALUAN_C, '2024-01-01'),
  ],
  condolences: [condolence(LIULIAN, '2023-02-01', { cashFen: 50_000 }), condolence(MALUAN_C, '2023-08-01')],
  needs: [
    need(LIULIAN, '2023-03-01', {
      personId: aided,
      status: '已帮扶',
      fundSource: '坪山区退役军人关爱基金',
      amountGrantedFen: 3_000_000,
      grantDate: '2023-04-01',
    }),
  ],
  activities: [
    activity(DISTRICT, '2023-05-01', { theme: '思想政治教育', volunteerCount: 12, peopleServed: 80 }),
    activity(PINGSHAN, '2023-09-01', { theme: '暖心服务', volunteerCount: 3, peopleServed: 9 }),
  ],
};

let db: ZoufangDB;
let asked: string[];

beforeEach(async () => {
  // Only the date is faked: "本年" is 2023 on this screen.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2023-11-15T02:00:00Z'));
  db = await freshDevice(ADMIN);
  // The unit shown lives in the address: every test starts at the user's own unit.
  navigate('/reports', { replace: true });
  reportsStore.setState({ status: 'idle' }, true);
  asked = [];
  setOnline(true);
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      asked.push(url);
      const u = new URL(url, 'http://server');
      const q = { from: u.searchParams.get('from') ?? '', to: u.searchParams.get('to') ?? '' };
      const summary = summarize(org, SERVER, { ...q, unitId: u.searchParams.get('unit') ?? DISTRICT });
      return Promise.resolve(
        new Response(JSON.stringify(summary), { headers: { 'content-type': 'application/json' } }),
      );
    }),
  );
});
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await dropDevice(db);
});

const table = () => screen.findByRole('table');
const cell = (row: HTMLElement, column: number) => row.querySelectorAll('td')[column]?.textContent;

describe('报表 screen', () => {
  it('shows this year for the district with a row per street, from the server, and says so', async () => {
    render(<ReportsScreen />);
    const t = await table();
    expect(asked[0]).toBe(`/api/reports/summary?from=2023-01-01&to=2023-12-31&unit=${DISTRICT}`);
    const total = within(t).getByRole('row', { name: /坪山区（合计）/ });
    expect(cell(total, 0)).toBe('3'); // visits of 2023, not the one of 2024
    expect(within(t).getByRole('button', { name: '马峦街道' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('服务器数据');
    // No canvas in this DOM: no chart, the table holds the numbers.
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('drills into a street and a community from their rows, and the breadcrumb goes back up', async () => {
    render(<ReportsScreen />);
    fireEvent.click(within(await table()).getByRole('button', { name: '坪山街道' }));
    const street = await screen.findByRole('row', { name: /坪山街道（合计）/ });
    expect(asked.at(-1)).toContain(`unit=${PINGSHAN}`);
    expect(cell(street, 0)).toBe('2');
    const crumbs = await screen.findByRole('navigation', { name: '单位层级' });
    expect(within(crumbs).getByText('坪山街道').getAttribute('aria-current')).toBe('location');

    fireEvent.click(screen.getByRole('row', { name: /六联社区/ }));
    const community = await screen.findByRole('row', { name: /六联社区（合计）/ });
    expect(cell(community, 1)).toBe('1'); // 慰问
    expect(asked.at(-1)).toContain(`unit=${LIULIAN}`);

    fireEvent.click(within(crumbs).getByRole('button', { name: '坪山区' }));
    expect(await screen.findByRole('row', { name: /坪山区（合计）/ })).toBeTruthy();
  });

  it('each drill-down is a history entry: back goes up one level, and 上一级 does too', async () => {
    const stop = startRouter();
    render(<ReportsScreen />);
    fireEvent.click(within(await table()).getByRole('button', { name: '坪山街道' }));
    await screen.findByRole('row', { name: /坪山街道（合计）/ });
    expect(location.search).toBe(`?unit=${PINGSHAN}`);
    fireEvent.click(within(await table()).getByRole('button', { name: '六联社区' }));
    await screen.findByRole('row', { name: /六联社区（合计）/ });
    fireEvent.click(await screen.findByRole('button', { name: /上一级：坪山街道/ }));
    await screen.findByRole('row', { name: /坪山街道（合计）/ });
    history.back();
    await screen.findByRole('row', { name: /六联社区（合计）/ });
    history.back();
    await screen.findByRole('row', { name: /坪山街道（合计）/ });
    history.back();
    await screen.findByRole('row', { name: /坪山区（合计）/ });
    expect(screen.queryByRole('button', { name: /上一级/ })).toBeNull();
    stop();
  });

  it('on a phone the figures are cards, one per unit, and a card drills in', async () => {
    render(<ReportsScreen />);
    const cards = await screen.findByRole('list', { name: /坪山区 2023-01-01 至 2023-12-31/ });
    const total = within(cards).getByRole('listitem', { name: '坪山区（合计）' });
    expect(within(total).getByText('走访（人次）').nextElementSibling?.textContent).toBe('3');
    fireEvent.click(within(cards).getByRole('button', { name: '马峦街道' }));
    await screen.findByRole('row', { name: /马峦街道（合计）/ });
    expect(asked.at(-1)).toContain('unit=440310002000');
  });

  it('a custom period that ends before it starts shows a clear error and asks nothing', async () => {
    render(<ReportsScreen />);
    await table();
    fireEvent.input(screen.getByLabelText('结束日期'), { target: { value: '2023-01-01' } });
    fireEvent.input(screen.getByLabelText('开始日期'), { target: { value: '2023-12-31' } });
    expect((await screen.findByRole('alert')).textContent).toContain(
      '开始日期 2023-12-31 晚于结束日期 2023-01-01',
    );
    expect(screen.getByLabelText('结束日期').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('table')).toBeNull();
    expect(asked.some((u) => u.includes('from=2023-12-31&to=2023-01-01'))).toBe(false);
    // Nothing typed is lost, and 自定义 is the chosen period.
    expect(screen.getByLabelText<HTMLInputElement>('开始日期').value).toBe('2023-12-31');
    expect(screen.getByLabelText<HTMLInputElement>('自定义').checked).toBe(true);
  });

  it('the 上年 preset asks for last calendar year', async () => {
    render(<ReportsScreen />);
    await table();
    fireEvent.click(screen.getByLabelText('上年'));
    await screen.findByRole('row', { name: /坪山区（合计）/ });
    expect(asked.at(-1)).toBe(`/api/reports/summary?from=2022-01-01&to=2022-12-31&unit=${DISTRICT}`);
  });

  it('the 年终汇总 shows the unit year in the bureau summary figures', async () => {
    render(<ReportsScreen />);
    await table();
    fireEvent.click(screen.getByRole('button', { name: '年终汇总' }));
    const view = await screen.findByRole('region', { name: '坪山区 2023 年终汇总' });
    const figure = (label: string) => within(view).getByText(label).nextElementSibling?.textContent ?? '';
    expect(figure('走访')).toContain('3 人次');
    expect(figure('走访')).toContain('按类型：大走访 2 人次，六必访 1 人次');
    expect(within(view).queryByText('大走访')).toBeNull();
    expect(figure('慰问')).toContain('2 人次');
    expect(figure('慰问')).toContain('慰问金 500 元');
    expect(figure('帮扶基金')).toContain('1 人 / 3 万元');
    expect(figure('红星志愿服务队')).toContain('2 场');
    expect(figure('红星志愿服务队')).toContain('参与退役军人 15 人次，服务群众 89 人次');
    expect(figure('思想政治教育 / 暖心服务')).toBe('1 场 / 1 场');
  });

  it('offline, computes on the device, says so, and disables export with the reason', async () => {
    setOnline(false);
    await db.visit.put({ ...visit(LIULIAN, '2023-07-01'), _v: 1 });
    render(<ReportsScreen />);
    const total = (await screen.findAllByRole('row', { name: /坪山区（合计）/ }))[0];
    expect(total && cell(total, 0)).toBe('1');
    expect(asked).toEqual([]);
    expect(screen.getByRole('status').textContent).toContain(
      '本机数据（离线计算，可能未包含未同步的他人记录）',
    );
    const csv = screen.getByRole<HTMLButtonElement>('button', { name: '导出 CSV' });
    expect(csv.disabled).toBe(true);
    expect(screen.getByText(/需要联网：导出文件由服务器生成/)).toBeTruthy();
  });
});
