import { fireEvent, render, screen, within } from '@testing-library/preact';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { MAX_IMPORT_BYTES } from '../../src/protocol/import.ts';
import { chooseImportKind } from '../../src/stores/import.ts';
import { setSession } from '../../src/stores/session.ts';
import ImportScreen from '../../src/ui/admin/import/ImportScreen.tsx';
import { applyServerWrite } from '../../src/server/replication/server-write.ts';
import { newVisit } from '../fixtures/records.ts';
import { idNumberFor } from '../model/report-fixtures.ts';
import { login, makePerson, startTestServer, type TestServer } from '../server/helpers.ts';
import { routeFetchTo, type ServerFetch } from './admin-import-server-fetch.ts';
import { setOnline } from './admin-users-fixtures.ts';
import { dropDevice, freshDevice } from './helpers.tsx';

/**
 * 导入数据 against the real server: fetch goes into the Fastify app (in-memory SQLite, demo org) by inject,
 * so previews, errors and commits are the server's own answers.
 */
const HEADER = '姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期';
const GOOD = [
  HEADER,
  `张建国,男,34052419800101001X,13812341234,某路1号,六联社区,退役士兵,重点联系,在册,2023-03-20`,
  `李四,男,${idNumberFor(3)},,,坪环,离退休干部/退休士官,,,`,
].join('\r\n');
const WITH_ERRORS = `${GOOD}\r\n"=HYPERLINK(""http://x"",""y"")",男,${idNumberFor(5)},,,六联社区,,,,\r\n,男,${idNumberFor(7)},,,六联社区,,,,`;

let server: TestServer;
let db: ZoufangDB;
let net: ServerFetch;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

beforeEach(async () => {
  const s = await login(server.app, 'admin');
  db = await freshDevice({ token: s.token, expiresAt: s.expiresAt, user: s.user });
  chooseImportKind('registry');
  net = routeFetchTo(server);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setSession(null);
  await dropDevice(db);
});

function pickFile(content: string | Uint8Array, name: string) {
  const input = screen.getByLabelText('文件');
  const file = new File([typeof content === 'string' ? content : new Uint8Array(content)], name);
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

const upload = () => screen.getByRole('button', { name: '上传并预览' });
const confirm = () => screen.getByRole('button', { name: '确认导入' });

describe('导入数据 screen', () => {
  it('a file with errors shows each by 行 / 列 / 原因 and 确认导入 stays disabled', async () => {
    render(<ImportScreen />);
    pickFile(WITH_ERRORS, '名册.csv');
    fireEvent.click(upload());
    const table = await screen.findByRole('table', { name: '错误明细' });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual(['行列原因', '4姓名内容以 = + - @ 开头，疑似公式注入，已拒绝', '5姓名姓名不能为空']);
    expect(screen.getByText('文件有 2 处错误，改正前不能导入。')).toBeTruthy();
    expect(confirm()).toHaveProperty('disabled', true);
    expect(net.urls).toEqual(['/api/admin/import/preview?name=%E5%90%8D%E5%86%8C.csv']);
  });

  it('a clean GB18030 registry previews counts and sample rows, then 确认导入 writes both persons', async () => {
    render(<ImportScreen />);
    pickFile(iconv.encode(GOOD, 'gb18030'), 'registry.csv');
    fireEvent.click(upload());
    await screen.findByRole('heading', { name: '预览（尚未导入）' });
    expect(screen.getByText(/文件格式 CSV（GB18030），共 2 行/)).toBeTruthy();
    const sample = await screen.findByRole('table', { name: '前 2 行样例' });
    expect(sample.textContent).toContain('张建国');
    expect((await server.store.scanRecords({ kinds: ['person'], unitIds: null })).length).toBe(0);
    fireEvent.click(confirm());
    expect(await screen.findByText(/已导入：新增 2 条，更新 0 条/)).toBeTruthy();
    expect((await server.store.scanRecords({ kinds: ['person'], unitIds: null })).length).toBe(2);
  });

  it('a file past the size limit is refused before anything is uploaded', async () => {
    render(<ImportScreen />);
    pickFile(new Uint8Array(MAX_IMPORT_BYTES + 1), 'big.csv');
    expect(screen.getByRole('alert').textContent).toContain('超过 20 MB 上限，请拆分后分批导入');
    expect(upload()).toHaveProperty('disabled', true);
    fireEvent.click(upload());
    expect(net.urls).toEqual([]);
  });

  it('a file of the wrong type is refused with the kind it looks like', () => {
    render(<ImportScreen />);
    pickFile('{"kind":"visit"}', 'history.jsonl');
    expect(screen.getByRole('alert').textContent).toContain('这像是历史记录（JSON 行，.jsonl）');
    expect(upload()).toHaveProperty('disabled', true);
  });

  it('a commit that cannot reach the server keeps the preview, and the retry imports', async () => {
    render(<ImportScreen />);
    pickFile(GOOD.replace('某路1号', '某路9号'), 'again.csv');
    fireEvent.click(upload());
    await screen.findByRole('heading', { name: '预览（尚未导入）' });
    net.down = true;
    fireEvent.click(confirm());
    expect(await screen.findByText('没有写入任何数据，预览已保留，可再次确认导入。')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('需要联网');
    expect(screen.getByRole('heading', { name: '预览（尚未导入）' })).toBeTruthy();
    net.down = false;
    fireEvent.click(confirm());
    expect(await screen.findByRole('heading', { name: '导入完成' })).toBeTruthy();
  });

  it('the chosen file and its preview are still there after leaving the screen and coming back', async () => {
    const first = render(<ImportScreen />);
    pickFile(WITH_ERRORS, 'kept.csv');
    fireEvent.click(upload());
    await screen.findByRole('table', { name: '错误明细' });
    first.unmount();
    render(<ImportScreen />);
    expect(screen.getByRole('table', { name: '错误明细' })).toBeTruthy();
    expect(screen.getByText(/^已选：kept\.csv/)).toBeTruthy();
  });

  it('offline, the screen says import needs the network and disables the upload', () => {
    setOnline(false);
    render(<ImportScreen />);
    pickFile(GOOD, 'r.csv');
    expect(screen.getByText(/需要联网：导入直接提交到服务器/)).toBeTruthy();
    expect(upload()).toHaveProperty('disabled', true);
  });

  it('historical records are previewed by JSON line number and field', async () => {
    const admin = (await login(server.app, 'admin')).user;
    const p = makePerson('admin', { idNumber: idNumberFor(9), name: '王九' });
    await applyServerWrite(server.store, admin, [{ kind: 'person', recordId: p.id, op: 'put', fields: p }]);
    const { personId: _p, communityId: _c, ...visit } = newVisit(p.id, { date: '2023-05-01' });
    const line = (over: Record<string, unknown>) =>
      JSON.stringify({ kind: 'visit', ...visit, personIdNumber: p.idNumber, ...over });
    render(<ImportScreen />);
    fireEvent.click(screen.getByLabelText('历史记录（JSON 行，.jsonl）'));
    pickFile([line({}), line({ personIdNumber: '110101199003070000' })].join('\n'), '2023.jsonl');
    fireEvent.click(upload());
    const table = await screen.findByRole('table', { name: '错误明细' });
    const cells = within(table)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(0, 2)).toEqual(['2', 'personIdNumber']);
    expect(screen.getByRole('columnheader', { name: '行（JSON 行号）' })).toBeTruthy();
    expect(screen.getByText('前 2 行样例')).toBeTruthy();
    expect(confirm()).toHaveProperty('disabled', true);
  });
});
