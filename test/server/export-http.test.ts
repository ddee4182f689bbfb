import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyServerWrite } from '../../src/server/replication/server-write.ts';
import { errorOf, login, makePerson, makeVisit, startTestServer, type TestServer } from './helpers.ts';

describe('GET /api/export/:kind', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const admin = (await login(server.app, 'admin')).user;
    const p = makePerson('admin', { name: '=HYPERLINK("http://x","y")' });
    const q = makePerson('admin', {
      name: '王五',
      idNumber: '110101199003070011',
      communityId: '440310002001',
      mobile: null,
    });
    const v = makeVisit('admin', p.id, { date: '2023-05-01', visitors: '@李社工' });
    await applyServerWrite(server.store, admin, [
      { kind: 'person', recordId: p.id, op: 'put', fields: p },
      { kind: 'person', recordId: q.id, op: 'put', fields: q },
      { kind: 'visit', recordId: v.id, op: 'put', fields: v },
    ]);
  });
  afterAll(async () => server.close());

  const get = async (user: string, url: string) => {
    const s = await login(server.app, user);
    return server.app.inject({ url, headers: s.headers });
  };

  it('gives the district admin whole ID numbers, with a BOM and formulas neutralised', async () => {
    const res = await get('admin', '/api/export/person.csv');
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('\uFEFF姓名,性别,身份证号,手机号')).toBe(true);
    // ID numbers and mobiles stay text in Excel and WPS: a leading tab (model/csv.ts digitText).
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"",""y"")",男,\t34052419800101001X,\t13812341234`);
    expect(res.body).toContain('王五');
  });

  it('masks ID numbers and mobiles for a community worker and keeps to its community', async () => {
    const res = await get('worker1', '/api/export/person.csv');
    expect(res.body).toContain('340524********001X,138****1234');
    expect(res.body).not.toContain('34052419800101001X');
    expect(res.body).not.toContain('王五');
  });

  it('exports visits with the person name, filtered by period, and as XLSX read back', async () => {
    const csv = await get('street1', '/api/export/visit.csv?from=2023-01-01&to=2023-12-31');
    expect(csv.body).toContain('2023-05-01,"\'=HYPERLINK');
    expect(csv.body).toContain("'@李社工");
    const none = await get('street1', '/api/export/visit.csv?from=2024-01-01&to=2024-12-31');
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
    const xlsx = await get('admin', '/api/export/person.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(1).value).toBe('姓名');
    expect(ws?.rowCount).toBe(3);
  });

  it('refuses an unknown kind and a team leader exporting persons', async () => {
    expect((await get('admin', '/api/export/secrets.csv')).statusCode).toBe(404);
    const res = await get('leader1', '/api/export/person.csv');
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).reason).toBe('forbidden');
    expect((await get('leader1', '/api/export/activity.csv')).statusCode).toBe(200);
  });
});
