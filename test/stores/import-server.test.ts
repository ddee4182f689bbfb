// @vitest-environment node
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchExport } from '../../src/stores/export.ts';
import {
  chooseImportFile,
  chooseImportKind,
  commitImport,
  importStore,
  previewImport,
} from '../../src/stores/import.ts';
import { setSession } from '../../src/stores/session.ts';
import { idNumberFor } from '../model/report-fixtures.ts';
import { routeFetchTo } from '../ui/admin-import-server-fetch.ts';
import { login, startTestServer, type Session, type TestServer } from '../server/helpers.ts';

/**
 * The import and export clients against the real server (in-memory SQLite, demo accounts): fetch is routed
 * into the Fastify app by inject, so the bytes, headers and answers are the server's own — no hand-copied
 * shapes. Runs in node (the server needs it); the screens are tested on fake fetch in test/ui/admin-import.
 */
const HEADER = '姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期';
const GOOD = [
  HEADER,
  `张建国,男,34052419800101001X,13812341234,某路1号,六联社区,退役士兵,重点联系,在册,2023-03-20`,
  `李四,男,${idNumberFor(3)},,,坪环,离退休干部/退休士官,,,`,
].join('\r\n');

let server: TestServer;

function routeFetchToServer(): string[] {
  return routeFetchTo(server).urls;
}

async function signIn(username: string): Promise<Session> {
  const s = await login(server.app, username);
  setSession({ token: s.token, expiresAt: s.expiresAt, user: s.user });
  return s;
}

const file = (content: string | Buffer, name: string) =>
  new File([typeof content === 'string' ? content : new Uint8Array(content)], name);
const persons = async () => (await server.store.scanRecords({ kinds: ['person'], unitIds: null })).length;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());
afterEach(() => vi.unstubAllGlobals());

describe('import client against the real server', () => {
  it('a GB18030 registry previews without writing, then commits both persons', async () => {
    routeFetchToServer();
    await signIn('admin');
    chooseImportKind('registry');
    chooseImportFile(file(iconv.encode(GOOD, 'gb18030'), '名册.csv'));
    await previewImport();
    expect(importStore.getState().error).toBeNull();
    expect(importStore.getState().preview).toMatchObject({
      kind: 'registry',
      encoding: 'gb18030',
      create: 2,
      errorCount: 0,
      committed: false,
    });
    expect(await persons()).toBe(0);
    await commitImport();
    expect(importStore.getState().result).toMatchObject({ create: 2, committed: true });
    expect(await persons()).toBe(2);
  });

  it('a file with a formula in a name previews its error by row and column, and commit is not sent', async () => {
    const urls = routeFetchToServer();
    await signIn('admin');
    const bad = `${GOOD}\r\n"=HYPERLINK(""http://x"",""y"")",男,${idNumberFor(5)},,,六联社区,,,,`;
    chooseImportKind('registry');
    chooseImportFile(file(bad, 'bad.csv'));
    await previewImport();
    expect(importStore.getState().preview?.errors).toEqual([
      { row: 4, column: '姓名', message: '内容以 = + - @ 开头，疑似公式注入，已拒绝' },
    ]);
    const before = await persons();
    await commitImport();
    expect(urls).toEqual(['/api/admin/import/preview?name=bad.csv']);
    expect(importStore.getState().result).toBeNull();
    expect(await persons()).toBe(before);
  });

  it('a file without the required columns is answered with the server message and the headers found', async () => {
    routeFetchToServer();
    await signIn('admin');
    chooseImportKind('registry');
    chooseImportFile(file('名字,电话\n张三,1', 'r.csv'));
    await previewImport();
    const error = importStore.getState().error;
    expect(error?.message).toBe('缺少必需的列：姓名、身份证号、所属社区');
    expect(error?.details).toMatchObject({ found: ['名字', '电话'] });
  });

  it('signing out drops the chosen file and its preview', async () => {
    routeFetchToServer();
    await signIn('admin');
    chooseImportFile(file(GOOD, 'r.csv'));
    await previewImport();
    expect(importStore.getState().preview).not.toBeNull();
    setSession(null);
    expect(importStore.getState()).toMatchObject({ file: null, preview: null });
  });

  it('a street staff member is refused with the server reason', async () => {
    routeFetchToServer();
    await signIn('street1');
    chooseImportKind('registry');
    chooseImportFile(file(GOOD, 'r.csv'));
    await previewImport();
    expect(importStore.getState().error?.reason).toBe('forbidden');
  });
});

describe('export client against the real server', () => {
  it('downloads persons as CSV with a BOM and as XLSX, masked for a community worker', async () => {
    routeFetchToServer();
    await signIn('admin');
    const csv = await fetchExport('person', 'csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.blob.arrayBuffer());
    expect(text.startsWith('\uFEFF姓名,性别,身份证号')).toBe(true);
    expect(text).toContain('34052419800101001X');
    expect(csv.fileName).toBe('服务对象.csv');
    const xlsx = await fetchExport('person', 'xlsx');
    expect(new Uint8Array(await xlsx.blob.arrayBuffer()).subarray(0, 2)).toEqual(
      new Uint8Array([0x50, 0x4b]),
    );
    await signIn('worker1');
    const masked = await fetchExport('person', 'csv');
    expect(await masked.blob.text()).toContain('340524********001X');
  });

  it('a team leader asking for persons gets the forbidden reason', async () => {
    routeFetchToServer();
    await signIn('leader1');
    await expect(fetchExport('person', 'csv')).rejects.toMatchObject({ reason: 'forbidden' });
    const period = await fetchExport('activity', 'csv', { from: '2023-01-01', to: '2023-12-31' });
    expect(period.fileName).toBe('志愿服务活动-2023-01-01至2023-12-31.csv');
  });
});
