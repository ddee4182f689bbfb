import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';
import { summarize, type ReportSummary } from '../../src/model/report.ts';
import {
  fetchReportFile,
  SERVER_REPORT_TIMEOUT_MS,
  loadReport,
  REPORT_EXPORT_OFFLINE_MESSAGE,
  REPORT_OFFLINE_MESSAGE,
  reportsStore,
} from '../../src/stores/reports.ts';
import type { Session } from '../../src/stores/session-api.ts';
import { setOnline } from '../ui/admin-users-fixtures.ts';
import { dropDevice, freshDevice } from '../ui/helpers.tsx';
import { activity, visit } from '../model/report-fixtures.ts';

const STREET = '440310001000'; // 坪山街道
const LIULIAN = '440310001001';
const YEAR = { from: '2023-01-01', to: '2023-12-31' };
const Q = { ...YEAR, unitId: STREET };

const STREET_STAFF: Session = {
  token: 'staff-token',
  expiresAt: '2099-01-01T00:00:00.000Z',
  user: {
    id: 'u-staff',
    username: 'staff1',
    displayName: '街道干事',
    role: 'street_staff',
    unitId: STREET,
    teamId: null,
  },
};

/** What the server would answer: the same aggregation over records the device does not have. */
const serverSummary: ReportSummary = summarize(
  new OrgIndex(pingshanTree()),
  { visits: Array.from({ length: 42 }, () => visit(LIULIAN, '2023-05-01')) },
  Q,
);

let db: ZoufangDB;
beforeEach(async () => {
  db = await freshDevice(STREET_STAFF);
  // The device holds two visits and a street team's activity of the year.
  await db.visit.bulkPut(
    [visit(LIULIAN, '2023-02-01'), visit(LIULIAN, '2023-11-30')].map((v) => ({ ...v, _v: 1 })),
  );
  await db.activity.put({ ...activity(STREET, '2023-06-01'), _v: 1 });
  reportsStore.setState({ status: 'idle' }, true);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await dropDevice(db);
});

function stubFetch(answer: (url: string) => Response | Promise<Response>) {
  const fetch = vi.fn((url: string, _init?: RequestInit) => Promise.resolve(answer(url)));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the reports store', () => {
  it('online, takes the figures from the server with the session token and says so', async () => {
    setOnline(true);
    const fetch = stubFetch(() => json(serverSummary));
    await loadReport(Q);
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/reports/summary?from=2023-01-01&to=2023-12-31&unit=440310001000');
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer staff-token');
    const s = reportsStore.getState();
    expect(s).toMatchObject({ status: 'ready', source: 'server', fallback: null });
    expect(s.status === 'ready' && s.summary.visits).toBe(42);
  });

  it('offline, computes the figures on the device from its own records without asking the server', async () => {
    setOnline(false);
    const fetch = stubFetch(() => json(serverSummary));
    await loadReport(Q);
    expect(fetch).not.toHaveBeenCalled();
    const s = reportsStore.getState();
    expect(s).toMatchObject({ status: 'ready', source: 'device', fallback: REPORT_OFFLINE_MESSAGE });
    expect(s.status === 'ready' && [s.summary.visits, s.summary.volunteerActivities]).toEqual([2, 1]);
  });

  it('when the server cannot be reached although the device thinks it is online, falls back to the device', async () => {
    setOnline(true);
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await loadReport(Q);
    expect(reportsStore.getState()).toMatchObject({ status: 'ready', source: 'device' });
  });

  it('when the server does not answer within SERVER_REPORT_TIMEOUT_MS (a weak signal), computes on the device', async () => {
    setOnline(true);
    const giveUp = new AbortController();
    const timeout = vi.spyOn(AbortSignal, 'timeout').mockReturnValue(giveUp.signal);
    // A request that hangs until its signal gives up, as on one bar of signal.
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_url: string, init?: RequestInit) =>
          new Promise<Response>((_, reject) =>
            init?.signal?.addEventListener('abort', () =>
              reject(new DOMException('timeout', 'TimeoutError')),
            ),
          ),
      ),
    );
    const loading = loadReport(Q);
    await vi.waitFor(() => expect(timeout).toHaveBeenCalledWith(SERVER_REPORT_TIMEOUT_MS));
    expect(reportsStore.getState().status).toBe('loading');
    giveUp.abort();
    await loading;
    expect(reportsStore.getState()).toMatchObject({ status: 'ready', source: 'device' });
  });

  it('when the server answers with nonsense, falls back to the device and says why', async () => {
    setOnline(true);
    stubFetch(() => json({ visits: 'many' }));
    await loadReport(Q);
    const s = reportsStore.getState();
    expect(s).toMatchObject({ status: 'ready', source: 'device' });
    expect(s.status === 'ready' && s.fallback).toContain('已改用本机数据');
  });

  it('a refusal by the server is shown, not papered over with device figures', async () => {
    setOnline(true);
    stubFetch(() =>
      json({ error: { reason: 'forbidden', message: '街道工作人员只能查看本街道及所辖社区的报表' } }, 403),
    );
    await loadReport({ ...YEAR, unitId: '440310002000' });
    expect(reportsStore.getState()).toMatchObject({
      status: 'error',
      message: '街道工作人员只能查看本街道及所辖社区的报表',
    });
  });

  it('a period that ends before it starts is an error and never leaves the device', async () => {
    setOnline(true);
    const fetch = stubFetch(() => json(serverSummary));
    await loadReport({ from: '2023-12-31', to: '2023-01-01', unitId: STREET });
    expect(fetch).not.toHaveBeenCalled();
    expect(reportsStore.getState()).toMatchObject({
      status: 'error',
      message: '开始日期 2023-12-31 晚于结束日期 2023-01-01',
    });
  });

  it('an older load answering late does not overwrite a newer one', async () => {
    setOnline(true);
    let release: ((r: Response) => void) | undefined;
    const slow = new Promise<Response>((resolve) => (release = resolve));
    stubFetch((url) => (url.includes('2023-01-01') ? slow : json({ ...serverSummary, from: '2022-01-01' })));
    const first = loadReport(Q);
    await loadReport({ from: '2022-01-01', to: '2022-12-31', unitId: STREET });
    release?.(json(serverSummary));
    await first;
    const s = reportsStore.getState();
    expect(s.status === 'ready' && s.query.from).toBe('2022-01-01');
  });

  it('downloads the report file with the session token, and refuses offline with the reason', async () => {
    setOnline(true);
    const fetch = stubFetch(() => new Response('单位,走访（人次）\n', { status: 200 }));
    const file = await fetchReportFile(Q, 'csv', '坪山街道');
    expect(file.fileName).toBe('统计报表-坪山街道-2023-01-01至2023-12-31.csv');
    expect(await file.blob.text()).toContain('走访（人次）');
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/reports/summary.csv?from=2023-01-01&to=2023-12-31&unit=440310001000');
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer staff-token');

    setOnline(false);
    await expect(fetchReportFile(Q, 'xlsx', '坪山街道')).rejects.toThrow(REPORT_EXPORT_OFFLINE_MESSAGE);
  });
});
