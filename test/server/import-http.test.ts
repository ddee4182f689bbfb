import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { PROTOCOL_VERSION } from '../../src/protocol/version.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../src/protocol/import.ts';
import { MAX_IMPORT_BYTES } from '../../src/protocol/import.ts';
import { errorOf, login, startTestServer, type Session, type TestServer } from './helpers.ts';
import { idNumberFor } from '../model/report-fixtures.ts';

const HEADER = '姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期';
const registry = [
  HEADER,
  `张建国,男,34052419800101001X,13812341234,某路1号,六联社区,退役士兵,重点联系,在册,2023-03-20`,
  `李四,男,${idNumberFor(3)},,,坪环,离退休干部/退休士官,,,`,
].join('\r\n');

async function persons(server: TestServer): Promise<number> {
  return (await server.store.scanRecords({ kinds: ['person'], unitIds: null })).length;
}

describe('POST /api/admin/import', () => {
  let server: TestServer;
  let admin: Session;
  const post = (action: string, body: Buffer | string, name = 'registry.csv', s: Session = admin) =>
    server.app.inject({
      method: 'POST',
      url: `/api/admin/import/${action}?name=${encodeURIComponent(name)}`,
      headers: { ...s.headers, 'content-type': 'application/octet-stream' },
      payload: typeof body === 'string' ? Buffer.from(body) : body,
    });
  beforeAll(async () => {
    server = await startTestServer();
    admin = await login(server.app, 'admin');
  });
  afterAll(async () => server.close());

  it('previews without writing, commits in one go, and a re-import updates instead of duplicating', async () => {
    const preview = await post('preview', Buffer.from(iconv.encode(registry, 'gb18030')));
    expect(preview.statusCode).toBe(200);
    expect(preview.json<ImportOutcome>()).toMatchObject({
      encoding: 'gb18030',
      create: 2,
      update: 0,
      errorCount: 0,
      committed: false,
    });
    expect(await persons(server)).toBe(0);
    const commit = await post('commit', registry);
    expect(commit.json<ImportOutcome>()).toMatchObject({ create: 2, committed: true });
    expect(await persons(server)).toBe(2);
    const again = await post('commit', registry);
    expect(again.json<ImportOutcome>()).toMatchObject({
      create: 0,
      update: 0,
      unchanged: 2,
      committed: false,
    });
    const edited = await post('commit', registry.replace('某路1号', '新路2号'));
    expect(edited.json<ImportOutcome>()).toMatchObject({ create: 0, update: 1, committed: true });
    expect(await persons(server)).toBe(2);
  });

  it('a preview carries the first rows as the server read them, from GB18030 CSV and from XLSX alike', async () => {
    const csv = (await post('preview', Buffer.from(iconv.encode(registry, 'gb18030')))).json<ImportOutcome>();
    expect(csv.sample?.header).toEqual(HEADER.split(','));
    expect(csv.sample?.rows.map((r) => r[0])).toEqual(['张建国', '李四']);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名册');
    for (const line of registry.split('\r\n')) sheet.addRow(line.split(','));
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const fromXlsx = (await post('preview', xlsx, 'registry.xlsx')).json<ImportOutcome>();
    expect(fromXlsx).toMatchObject({ format: 'xlsx', rows: 2, errorCount: 0 });
    expect(fromXlsx.sample).toEqual(csv.sample);
  });

  it('imported persons reach a community worker by pull', async () => {
    const worker = await login(server.app, 'worker1');
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/sync/pull',
      headers: worker.headers,
      payload: {
        protocolVersion: PROTOCOL_VERSION,
        clientId: '00000000-0000-7000-8000-00000000abcd',
        cursor: null,
        limit: 100,
      },
    });
    expect(res.body).toContain('34052419800101001X');
  });

  it('writes nothing when any row has an error, and says which', async () => {
    const before = await persons(server);
    const bad = `${registry}\r\n"=HYPERLINK(""http://x"",""y"")",男,${idNumberFor(5)},,,六联社区,,,,`;
    const res = await post('commit', bad.replace('张建国', '张建国改'));
    expect(res.statusCode).toBe(400);
    const err = errorOf(res);
    expect(err.message).toBe('文件有 1 处错误，未导入任何数据');
    expect((err.details as ImportOutcome).errors).toEqual([
      { row: 4, column: '姓名', message: '内容以 = + - @ 开头，疑似公式注入，已拒绝' },
    ]);
    expect(await persons(server)).toBe(before);
  });

  it('answers a broken, oversized or column-less file clearly and leaves the database as it was', async () => {
    const before = await persons(server);
    const big = await post('commit', Buffer.alloc(MAX_IMPORT_BYTES + 10, 0x41));
    expect(big.statusCode).toBe(413);
    const noCols = await post('commit', '名字,电话\n张三,1');
    expect(noCols.statusCode).toBe(400);
    expect(errorOf(noCols).message).toBe('缺少必需的列：姓名、身份证号、所属社区');
    const broken = await post('commit', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0]), 'r.xlsx');
    expect(broken.statusCode).toBe(400);
    expect(await persons(server)).toBe(before);
  });

  it('is for the district admin only', async () => {
    const street = await login(server.app, 'street1');
    const res = await post('preview', registry, 'r.csv', street);
    expect(res.statusCode).toBe(403);
  });
});
