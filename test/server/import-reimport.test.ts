import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../src/protocol/import.ts';
import { visit } from '../model/report-fixtures.ts';
import { login, pushOk, startTestServer, TestClient, type Session, type TestServer } from './helpers.ts';

const COMMUNITY = '440310001001';
const ID_NUMBER = '34052419800101001X';
const registry = ['姓名,性别,身份证号,所属社区', `张建国,男,${ID_NUMBER},六联社区`].join('\r\n');

/** A history line naming its person by ID number, without id: the import derives a stable id from it. */
function line(situation: string, date: string): string {
  const {
    id: _id,
    createdAt: _c,
    createdBy: _b,
    updatedAt: _u,
    personId: _p,
    communityId: _cm,
    ...rest
  } = visit(COMMUNITY, date);
  return JSON.stringify({ kind: 'visit', ...rest, situation, personIdNumber: ID_NUMBER });
}

describe('re-importing a history file after some of its records were deleted', () => {
  let server: TestServer;
  let admin: Session;
  const post = (action: string, body: string, name: string) =>
    server.app.inject({
      method: 'POST',
      url: `/api/admin/import/${action}?name=${encodeURIComponent(name)}`,
      headers: { ...admin.headers, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(body),
    });
  const visits = async () =>
    (await server.store.scanRecords({ kinds: ['visit'], unitIds: null })).filter((r) => !r.deleted);

  beforeAll(async () => {
    server = await startTestServer();
    admin = await login(server.app, 'admin');
    expect((await post('commit', registry, 'registry.csv')).json<ImportOutcome>().committed).toBe(true);
  });
  afterAll(async () => server.close());

  it('the preview names the deleted lines as skipped, and the commit agrees: it writes the others', async () => {
    const file = [line('第一次', '2023-05-01'), line('第二次', '2023-06-01'), line('第三次', '2023-07-01')];
    expect((await post('commit', file.join('\n'), 'history.jsonl')).json<ImportOutcome>()).toMatchObject({
      create: 3,
      committed: true,
    });
    // A worker deletes the second visit on the server (a normal synced delete).
    const second = (await visits()).find((r) => r.data?.['situation'] === '第二次');
    expect(second).toBeDefined();
    const c = new TestClient();
    await pushOk(server.app, admin, c, [c.delete('visit', second!.id, second!.version)]);

    // The file comes again, with the third line corrected.
    const again = [file[0], file[1], line('第三次', '2023-07-01').replace('第三次', '第三次（更正）')].join(
      '\n',
    );
    const preview = (await post('preview', again, 'history.jsonl')).json<ImportOutcome>();
    expect(preview).toMatchObject({ create: 1, update: 0, unchanged: 1, errorCount: 0, skipped: 1 });
    expect(preview.notices).toEqual([
      { row: 2, column: null, message: '该记录已在系统中删除，不会恢复已删除的记录，此行跳过' },
    ]);
    const commit = await post('commit', again, 'history.jsonl');
    expect(commit.statusCode).toBe(200);
    expect(commit.json<ImportOutcome>()).toMatchObject({ create: 1, skipped: 1, committed: true });
    const live = (await visits())
      .map((r) => String(r.data?.['situation']))
      .sort((a, b) => a.localeCompare(b));
    // The deleted visit stays deleted; the corrected line is a new record (its content, so its id, changed).
    expect(live).toEqual(['第一次', '第三次', '第三次（更正）'].sort((a, b) => a.localeCompare(b)));
  });
});
