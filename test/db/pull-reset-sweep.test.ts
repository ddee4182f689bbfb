import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord, deleteRecord, updateRecord } from '../../src/db/repository.ts';
import { applyPullPage, getCursor } from '../../src/db/sync-store.ts';
import { OTHER_COMMUNITY, newPerson } from '../fixtures/records.ts';
import {
  change,
  deviceIds,
  failCursor,
  page,
  serverPerson,
  staleIds,
  syncedOldArea,
  tombstone,
} from './pull-pages.ts';

/**
 * A restarted pull of several pages (SPEC.md C13, mark and sweep): the old rows stay on screen until the last
 * page, whenever it comes, and only then go.
 */

const actor = { userId: 'u-worker' };
let db: ZoufangDB;
let name = '';
let n = 0;

beforeEach(async () => {
  name = `pull-reset-sweep-${process.pid}-${++n}`;
  db = new ZoufangDB(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const first = serverPerson(OTHER_COMMUNITY, '新一');
const second = serverPerson(OTHER_COMMUNITY, '新二');

describe('a restarted pull of several pages (C13)', () => {
  it('[C13] after the first page every old record is still on the device, marked stale', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    const res = await applyPullPage(db, page([change('person', first)], 'p1', { reset: true, more: true }));
    expect(res).toEqual({ stored: 1, removed: 0 });
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id, first.id].sort());
    expect(await staleIds(db)).toEqual([a.id, b.id, visit.id].sort());
    expect(await getCursor(db)).toBe('p1');
  });

  it('[C13] each later page unmarks what it delivers, and the last page deletes what is still marked', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    await applyPullPage(db, page([change('person', first)], 'p1', { reset: true, more: true }));
    // Still in the area: a comes back; b's tombstone arrives (deleted on the server meanwhile).
    await applyPullPage(db, page([change('person', a), tombstone('person', b.id)], 'p2', { more: true }));
    expect(await deviceIds(db)).toEqual([a.id, visit.id, first.id].sort());
    expect(await staleIds(db)).toEqual([visit.id]);

    const res = await applyPullPage(db, page([change('person', second)], 'p3'));

    expect(res).toEqual({ stored: 1, removed: 1 });
    expect(await deviceIds(db)).toEqual([a.id, first.id, second.id].sort());
    expect(await staleIds(db)).toEqual([]);
    expect(await getCursor(db)).toBe('p3');
  });

  it('[C13] a pull cut off after the first page keeps the old area through a restart of the app, and the pull resumed from its cursor sweeps at its end', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    await applyPullPage(db, page([change('person', first)], 'p1', { reset: true, more: true }));
    // The signal drops here; the worker closes the app and opens it again, offline.
    db.close();
    db = new ZoufangDB(name);
    await db.open();
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id, first.id].sort());
    expect(await getCursor(db)).toBe('p1');

    // Back online: the engine pulls on from the stored cursor, so the server sends no reset (P6).
    await applyPullPage(db, page([change('person', second)], 'p2', { more: true }));
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id, first.id, second.id].sort());
    await applyPullPage(db, page([], 'p3'));

    expect(await deviceIds(db)).toEqual([first.id, second.id].sort());
    expect(await staleIds(db)).toEqual([]);
  });

  it('[C13] what the worker creates, edits or deletes during the download survives the sweep', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    await applyPullPage(db, page([change('person', first)], 'p1', { reset: true, more: true }));
    await updateRecord(db, 'person', a.id, { address: '下载中改的地址' }, actor);
    const typedHere = await createRecord(db, 'person', newPerson({ name: '下载中新建' }), actor);
    await deleteRecord(db, 'visit', visit.id, actor);

    await applyPullPage(db, page([change('person', second)], 'p2'));

    // b went; the edit and the new record wait for their push (an out-of-area edit is refused: C6/C10).
    expect(await deviceIds(db)).toEqual([a.id, typedHere.id, first.id, second.id].sort());
    expect(await db.person.get(b.id)).toBeUndefined();
    expect((await db.person.get(a.id))?.address).toBe('下载中改的地址');
    expect(await db.outbox.count()).toBe(3);
    expect(await staleIds(db)).toEqual([]);
  });

  it('[C13] [C5] the sweep is part of the last page: a failure writing its cursor keeps every old record and the marks', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    await applyPullPage(db, page([change('person', first)], 'p1', { reset: true, more: true }));
    const last = page([change('person', second)], 'p2');
    // The cursor is the last write of the page's transaction; make it fail (as a full disk would).
    db.meta.hook('updating', failCursor);
    try {
      await expect(applyPullPage(db, last)).rejects.toThrow();
    } finally {
      db.meta.hook('updating').unsubscribe(failCursor);
    }
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id, first.id].sort());
    expect(await staleIds(db)).toEqual([a.id, b.id, visit.id].sort());
    expect(await getCursor(db)).toBe('p1');

    await applyPullPage(db, last);
    expect(await deviceIds(db)).toEqual([first.id, second.id].sort());
  });

  it('[C13] a second restart before the first one ends replaces the marks, and its own last page sweeps', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    await applyPullPage(db, page([change('person', first)], 'p1', { reset: true, more: true }));
    // Moved again before the download ended: the next pull restarts for the third area.
    const third = serverPerson('440310001002', '六和甲');
    await applyPullPage(db, page([change('person', third)], 'q1', { reset: true, more: true }));
    expect(await staleIds(db)).toEqual([a.id, b.id, visit.id, first.id].sort());
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id, first.id, third.id].sort());

    await applyPullPage(db, page([], 'q2'));
    expect(await deviceIds(db)).toEqual([third.id]);
    expect(await staleIds(db)).toEqual([]);
  });
});
