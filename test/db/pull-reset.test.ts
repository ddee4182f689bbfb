import { Dexie, type ObservabilitySet } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { saveDraft } from '../../src/db/drafts.ts';
import { createRecord, updateRecord } from '../../src/db/repository.ts';
import { applyPullPage, getCursor, getRefetchIds, rejectMutation } from '../../src/db/sync-store.ts';
import {
  WorklistSource,
  mergeChanges,
  worklistChanges,
  type WorklistChanges,
} from '../../src/db/worklist-source.ts';
import { newId } from '../../src/model/ids.ts';
import type { Change } from '../../src/protocol/pull.ts';
import { COMMUNITY, OTHER_COMMUNITY, newPerson } from '../fixtures/records.ts';
import { change, deviceIds, failCursor, page, serverPerson, staleIds, syncedOldArea } from './pull-pages.ts';

/** A reset pull of one page: its only page marks and sweeps (SPEC.md C13). */

const actor = { userId: 'u-worker' };
let db: ZoufangDB;
let n = 0;

beforeEach(async () => {
  db = new ZoufangDB(`pull-reset-${process.pid}-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('a restarted pull of one page (C13)', () => {
  it('[C13] drops the records without pending changes, keeps the pending ones, and stores the page and its cursor', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    await updateRecord(db, 'person', b.id, { address: '改过的地址' }, actor);
    const typedHere = await createRecord(db, 'person', newPerson({ name: '本机新建' }), actor);
    await saveDraft(db, `visit:new:${a.id}`, 'visit', { situation: '还没写完' });
    const newArea = serverPerson(OTHER_COMMUNITY, '新丙');

    const res = await applyPullPage(db, page([change('person', newArea)], 'new', { reset: true }));

    expect(await deviceIds(db)).toEqual([b.id, typedHere.id, newArea.id].sort());
    expect(await db.person.get(a.id)).toBeUndefined();
    expect(await db.visit.get(visit.id)).toBeUndefined();
    // The pending edit is still on its row, waiting for its push.
    expect((await db.person.get(b.id))?.address).toBe('改过的地址');
    expect(await db.outbox.count()).toBe(2);
    expect(await getCursor(db)).toBe('new');
    // The worker's own typing stays: the draft is listed on the home screen to finish or discard.
    expect(await db.drafts.count()).toBe(1);
    // The pull is over: nothing is left marked.
    expect(await staleIds(db)).toEqual([]);
    expect(res).toEqual({ stored: 1, removed: 2 });
  });

  it('[C13] keeps what the page brings back: a record still in the area is replaced, not lost', async () => {
    const { a } = await syncedOldArea(db);
    const again = { ...a, address: '服务器上的新地址' };
    await applyPullPage(db, page([change('person', again)], 'new', { reset: true }));
    expect(await deviceIds(db)).toEqual([a.id]);
    expect((await db.person.get(a.id))?.address).toBe('服务器上的新地址');
  });

  it('[C13] [C4] a record whose entry the same page acknowledges is dropped unless the page brings it back', async () => {
    const mine = await createRecord(db, 'person', newPerson({ name: '已上传' }), actor);
    const alsoMine = await createRecord(db, 'person', newPerson({ name: '已上传且仍在辖区' }), actor);
    await applyPullPage(db, page([change('person', alsoMine)], 'new', { reset: true, lastSeq: 2 }));
    expect(await deviceIds(db)).toEqual([alsoMine.id]);
    expect(await db.person.get(mine.id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('[C13] [C5] a reset page that cannot be stored marks and drops nothing and leaves the cursor where it was', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    const broken: Change = { kind: 'person', id: newId(), version: 1, deleted: false, data: { name: 1 } };
    await expect(applyPullPage(db, page([broken], 'new', { reset: true }))).rejects.toMatchObject({
      reason: 'invalid',
    });
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id].sort());
    expect(await staleIds(db)).toEqual([]);
    expect(await getCursor(db)).toBe('old');
  });

  it('[C13] [C5] the drop, the page and the cursor commit together: a failure writing the cursor undoes the drop', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    // The cursor is the last write of the page's transaction; make it fail (as a full disk would).
    db.meta.hook('updating', failCursor);
    try {
      await expect(
        applyPullPage(
          db,
          page([change('person', serverPerson(OTHER_COMMUNITY, '新'))], 'new', { reset: true }),
        ),
      ).rejects.toThrow();
    } finally {
      db.meta.hook('updating').unsubscribe(failCursor);
    }
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id].sort());
    expect(await staleIds(db)).toEqual([]);
    expect(await getCursor(db)).toBe('old');
  });

  it('[C13] [C10] a refused change keeps the cursor: the server restarts the pull when the area changed (P6), and the refused row stays gone', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    await updateRecord(db, 'person', a.id, { address: '搬走前的修改' }, actor);
    expect(await rejectMutation(db, 1, 'forbidden', '不在您的辖区')).toBe(true);
    expect(await getCursor(db)).toBe('old');
    expect(await deviceIds(db)).toEqual([b.id, visit.id].sort());
    // The cursor names the old area, so the server answers it with reset on the first page (P6); the
    // refetch of the refused record is answered empty, as it is outside the new area.
    await applyPullPage(db, page([], 'new', { reset: true, refetched: [] }), [a.id]);
    expect(await deviceIds(db)).toEqual([]);
    expect(await db.rejected.count()).toBe(1);
    expect(await getRefetchIds(db, 10)).toEqual([]);
  });

  it('[P6] a page without reset keeps every record it does not mention', async () => {
    const { a, b, visit } = await syncedOldArea(db);
    const more = serverPerson(COMMUNITY, '又一位');
    await applyPullPage(db, page([change('person', more)], 'next'));
    expect(await deviceIds(db)).toEqual([a.id, b.id, visit.id, more.id].sort());
    expect(await staleIds(db)).toEqual([]);
  });
});

describe('the derived caches after a sweep (C13)', () => {
  it('[C13] the person index and the must-visit list are told which rows the last page swept', async () => {
    await syncedOldArea(db);
    const stays = serverPerson(OTHER_COMMUNITY, '新一');
    await applyPullPage(db, page([change('person', stays)], 'p1', { reset: true, more: true }));
    const source = new WorklistSource(db);
    await source.update('all');
    const reported: WorklistChanges[] = [];
    let personTouched = false;
    const listen = (parts: ObservabilitySet) => {
      // What the person index listens for (src/stores/persons.ts): any write to the person table.
      if (Object.keys(parts).some((k) => k.startsWith(`idb://${db.name}/person/`))) personTouched = true;
      const c = worklistChanges(parts, db.name);
      if (c) reported.push(c);
    };
    Dexie.on('storagemutated', listen);
    try {
      await applyPullPage(db, page([], 'p2'));
    } finally {
      Dexie.on.storagemutated.unsubscribe(listen);
    }
    expect(personTouched).toBe(true);
    const changes = reported.reduce<WorklistChanges | null>(mergeChanges, null);
    if (changes === null) throw new Error('the sweep reported no change to the worklist tables');
    const input = await source.update(changes);
    expect(input).toEqual(await new WorklistSource(db).update('all'));
    expect([...input.persons].map((p) => p.id)).toEqual([stays.id]);
    expect(input.visits).toEqual([]);
  });
});
