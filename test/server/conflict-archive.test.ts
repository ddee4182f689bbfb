import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrgTree } from '../../src/model/org.ts';
import { pingshanTree } from '../../src/model/org.ts';
import { archiveResolvedConflicts } from '../../src/server/replication/archive.ts';
import type { StoredRecord } from '../../src/server/storage/store.ts';
import {
  TestClient,
  errorOf,
  login,
  makePerson,
  push,
  pullAll,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

const DAY = 24 * 60 * 60 * 1000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('conflict archive on %s', (_name, pg) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await server?.close();
    server = undefined;
  });

  async function setUp() {
    const s = await startTestServer({ pg });
    server = s;
    const [w1, w2, street, admin] = await Promise.all(
      ['worker1', 'worker2', 'street1', 'admin'].map((u) => login(s.app, u)),
    );
    if (!w1 || !w2 || !street || !admin) throw new Error('login failed');
    const streetClient = new TestClient();

    /** Two workers change one person's address from the same base: the server logs a conflict (P10). */
    const makeConflict = async (): Promise<StoredRecord> => {
      const c1 = new TestClient();
      const c2 = new TestClient();
      const person = makePerson(w1.user.id);
      const created = await pushOk(s.app, w1, c1, [c1.create('person', person)]);
      await pushOk(s.app, w1, c1, [c1.put('person', person.id, { address: '甲' }, created.version)]);
      await pushOk(s.app, w2, c2, [c2.put('person', person.id, { address: '乙' }, created.version)]);
      const found = (await s.store.scanRecords({ kinds: ['conflict'], unitIds: null })).find(
        (r) => r.data?.['recordId'] === person.id,
      );
      if (!found) throw new Error('expected a conflict record');
      return found;
    };
    /** Street staff resolve it from a phone whose clock says the year 2000 (P9: the server ignores it). */
    const resolve = async (conflict: StoredRecord): Promise<void> => {
      await pushOk(s.app, street, streetClient, [
        streetClient.put(
          'conflict',
          conflict.id,
          { resolution: 'kept', resolvedBy: '王干事', resolvedAt: '2000-01-01T00:00:00.000Z' },
          conflict.version,
        ),
      ]);
    };
    const putOrg = (who: Session, tree: OrgTree) =>
      s.app.inject({ method: 'PUT', url: '/api/admin/org', headers: who.headers, payload: tree });
    return { s, w1, street, admin, makeConflict, resolve, putOrg, streetClient };
  }

  it('[P15] a resolved conflict past the retention leaves the live records: pulls deliver a tombstone, the copy stays for audit', async () => {
    const { s, street, makeConflict, resolve, streetClient } = await setUp();
    const done = await makeConflict();
    const open = await makeConflict();
    await resolve(done);
    const before = await pullAll(s.app, street, streetClient);
    expect(before.changes.some((c) => c.id === done.id && !c.deleted)).toBe(true);

    // Resolved just now by the server's clock: the device's resolvedAt of 2000 does not age it (P9).
    expect(await archiveResolvedConflicts(s.store)).toEqual({ archived: 0, retentionDays: 180 });
    expect(await archiveResolvedConflicts(s.store, daysFromNow(179))).toMatchObject({ archived: 0 });
    expect(await archiveResolvedConflicts(s.store, daysFromNow(181))).toEqual({
      archived: 1,
      retentionDays: 180,
    });

    const after = await pullAll(s.app, street, streetClient, before.last.cursor);
    expect(after.changes).toEqual([
      expect.objectContaining({ kind: 'conflict', id: done.id, deleted: true, data: null }),
    ]);
    // An unresolved conflict stays, however old.
    expect((await s.store.getRecord(open.id))?.deleted).toBe(false);
    expect((await s.store.getArchivedRecord(done.id))?.data).toMatchObject({
      resolution: 'kept',
      // The server records who resolved it from the session, not from the body (S9).
      resolvedBy: street.user.displayName,
      recordId: done.data?.['recordId'],
    });
    const [audit] = await s.store.listAudit({ limit: 1 });
    expect(audit).toMatchObject({ action: 'archive', kind: 'conflict', detail: { ids: [done.id] } });
    // Once archived, never again; and the record cannot be edited back to life.
    expect(await archiveResolvedConflicts(s.store, daysFromNow(181))).toMatchObject({ archived: 0 });
    const tombstone = await s.store.getRecord(done.id);
    const late = await push(
      s.app,
      street,
      streetClient.pushBody([
        streetClient.put('conflict', done.id, { resolution: 'restored' }, tombstone?.version ?? 0),
      ]),
    );
    expect(late.statusCode).toBe(409);
  });

  it('the district admin sets the retention with the org tree; a tree saved without it keeps it', async () => {
    const { s, admin, w1, makeConflict, resolve, putOrg } = await setUp();
    const res = await putOrg(admin, { ...pingshanTree(), conflictRetentionDays: 365 });
    expect(res.statusCode).toBe(200);
    expect(res.json<OrgTree>().conflictRetentionDays).toBe(365);
    // Saving the tree again without the field (an older export, the triggers command) keeps the setting.
    expect((await putOrg(admin, { ...pingshanTree(), visitTriggers: ['重大节日'] })).statusCode).toBe(200);
    const [entry] = await s.store.listAudit({ recordId: 'org:conflictRetentionDays', limit: 5 });
    expect(entry).toMatchObject({ userId: admin.user.id, detail: { conflictRetentionDays: 365 } });

    const bad = await putOrg(admin, { ...pingshanTree(), conflictRetentionDays: 3 });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toContain('7–3650');
    expect((await putOrg(w1, { ...pingshanTree(), conflictRetentionDays: 30 })).statusCode).toBe(403);

    const conflict = await makeConflict();
    await resolve(conflict);
    expect(await archiveResolvedConflicts(s.store, daysFromNow(181))).toEqual({
      archived: 0,
      retentionDays: 365,
    });
    expect(await archiveResolvedConflicts(s.store, daysFromNow(366))).toEqual({
      archived: 1,
      retentionDays: 365,
    });
  });

  it('the server archives when it starts', async () => {
    const { s, makeConflict, resolve } = await setUp();
    const conflict = await makeConflict();
    await resolve(conflict);
    // Half a year and a day later (by the server's clock), the server restarts.
    vi.useFakeTimers({ toFake: ['Date'], now: daysFromNow(181) });
    await s.restart();
    for (let i = 0; i < 100 && (await s.store.getArchivedRecord(conflict.id)) === null; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await s.store.getArchivedRecord(conflict.id)).not.toBeNull();
    expect((await s.store.getRecord(conflict.id))?.deleted).toBe(true);
  });
});
