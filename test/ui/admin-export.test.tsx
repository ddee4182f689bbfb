import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { applyServerWrite } from '../../src/server/replication/server-write.ts';
import ExportScreen from '../../src/ui/admin/export/ExportScreen.tsx';
import { visibleLinks } from '../../src/ui/nav.ts';
import { login, makePerson, startTestServer, type TestServer } from '../server/helpers.ts';
import { routeFetchTo, type ServerFetch } from './admin-import-server-fetch.ts';
import { setOnline } from './admin-users-fixtures.ts';
import { dropDevice, freshDevice } from './helpers.tsx';

/**
 * 导出数据 against the real server (fetch routed into the app by inject): the file handed to the browser's
 * download is the server's own CSV / XLSX for the signed-in user.
 */
let server: TestServer;
let db: ZoufangDB | null = null;
let net: ServerFetch;

beforeAll(async () => {
  server = await startTestServer();
  const admin = (await login(server.app, 'admin')).user;
  const p = makePerson('admin', { name: '张建国' });
  await applyServerWrite(server.store, admin, [{ kind: 'person', recordId: p.id, op: 'put', fields: p }]);
});
afterAll(async () => server.close());
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  if (db) await dropDevice(db);
  db = null;
});

async function signIn(username: string) {
  const s = await login(server.app, username);
  db = await freshDevice({ token: s.token, expiresAt: s.expiresAt, user: s.user });
  net = routeFetchTo(server);
}

/** Captures what would be saved: the blob behind the object URL and the <a download> name. */
function captureDownloads(): { name: string; blob: Blob }[] {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.getAttribute('href') ?? '') ?? new Blob() });
  });
  return saved;
}

describe('导出数据 screen', () => {
  it('the district admin downloads persons as CSV with whole ID numbers, and is told so', async () => {
    await signIn('admin');
    const saved = captureDownloads();
    render(<ExportScreen />);
    expect(screen.getByText(/导出的身份证号和手机号为完整号码/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '导出服务对象 CSV' }));
    expect(await screen.findByText('已导出 服务对象.csv')).toBeTruthy();
    expect(net.urls).toEqual(['/api/export/person.csv']);
    expect(saved.map((s) => s.name)).toEqual(['服务对象.csv']);
    const text = await saved[0]!.blob.text();
    expect(text).toContain('张建国');
    expect(text).toContain('34052419800101001X');
  });

  it('a community worker is told ID numbers are masked, and the file has them masked', async () => {
    await signIn('worker1');
    const saved = captureDownloads();
    render(<ExportScreen />);
    expect(screen.getByText(/导出的身份证号和手机号已部分隐去/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '导出服务对象 XLSX' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toBe('服务对象.xlsx');
    const csvSaved = captureDownloads();
    fireEvent.click(screen.getByRole('button', { name: '导出服务对象 CSV' }));
    await waitFor(() => expect(csvSaved).toHaveLength(1));
    expect(await csvSaved[0]!.blob.text()).toContain('340524********001X');
  });

  it('a period filters by date and half a period is refused before asking the server', async () => {
    await signIn('street1');
    captureDownloads();
    render(<ExportScreen />);
    fireEvent.input(screen.getByLabelText('起始日期'), { target: { value: '2023-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: '导出走访记录 CSV' }));
    expect(screen.getByText('请同时填写起始日期和截止日期，或都留空导出全部')).toBeTruthy();
    expect(net.urls).toEqual([]);
    fireEvent.input(screen.getByLabelText('截止日期'), { target: { value: '2023-12-31' } });
    fireEvent.click(screen.getByRole('button', { name: '导出走访记录 CSV' }));
    expect(await screen.findByText('已导出 走访记录-2023-01-01至2023-12-31.csv')).toBeTruthy();
    expect(net.urls).toEqual(['/api/export/visit.csv?from=2023-01-01&to=2023-12-31']);
  });

  it('a team leader is offered only its team activities', async () => {
    await signIn('leader1');
    render(<ExportScreen />);
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      '导出志愿服务活动 CSV',
      '导出志愿服务活动 XLSX',
    ]);
  });

  it('offline, every export button is disabled and the screen says why', async () => {
    await signIn('admin');
    setOnline(false);
    render(<ExportScreen />);
    expect(screen.getByText(/需要联网：导出读取服务器上的数据/)).toBeTruthy();
    expect(screen.getAllByRole('button').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });

  it('appears on the 我的 page as 导出数据 for every role', () => {
    for (const role of ['district_admin', 'street_staff', 'community_worker', 'team_leader'] as const) {
      expect(visibleLinks(role).map((l) => l.label)).toContain('导出数据');
    }
  });
});
