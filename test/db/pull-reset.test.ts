import { Dexie, type ObservabilitySet } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { saveDraft } from '../../src/db/drafts.ts';
import { createRecord, updateRecord } from '../../src/db/repository.ts';
import { applyPullPage, getCursor, rejectMutation } from '../../src/db/sync-store.ts';
import {
  WorklistSource,
  mergeChanges,
  worklistChanges,
  type WorklistChanges,
} from '../../src/db/worklist-source.ts';
import { newId } from '../../src/model/ids.ts';
import type { Kind, RecordOf } from '../../src/model/kinds.ts';
import type { Change, PullResponse } from '../../src/protocol/pull.ts';
import { COMMUNITY, OTHER_COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';

const actor = { userId: 'u-worker' };
let db: ZoufangDB;
let n = 0;
let version = 0;

beforeEach(async () => {
  db = new ZoufangDB(`pull-reset-${process.pid}-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const stamp = () => ({
  id: newId(),
  createdAt: '2026-11-20T08:00:00.000Z',
  createdBy: 'u-other',
  updatedAt: '2026-11-20T08:00:00.000Z',
});

function serverPerson(communityId: string, name: string): RecordOf<'person'> {
  return { ...stamp(), ...newPerson({ communityId, name }) };
}

function change<K extends Kind>(kind: K, data: RecordOf<K>): Change {
  return { kind, id: data.id, version: ++version, deleted: false, data: { ...data } };
}

function page(changes: Change[], cursor: string, over: Partial<PullResponse> = {}): PullResponse {
  return { changes, cursor, more: false, lastSeq: 0, ...over };
}

/** Ids of every record on the device, of all kinds, sorted. */
async function deviceIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const t of [db.person, db.visit, db.condolence, db.need, db.needStep, db.activity, db.conflict]) {
    ids.push(...(await t.toCollection().primaryKeys()));
  }
  return ids.sort();
}

function failCursor(): never {
  throw new Error('simulated: quota exceeded');
}

/** A device that synced the old area: two persons and a visit, at cursor `old`. */
async function syncedOldArea() {
  const a = serverPerson(COMMUNITY, '旧甲');
  const b = serverPerson(COMMUNITY, '旧乙');
  const visit = { ...stamp(), ...newVisit(a.id) };
  await applyPullPage(db, page([change('person', a), change('person', b), change('visit', visit)], 'old'));
  return { a, b, visit };
}

describe('a pull page with reset (C13)', () => {
  it('[C13] drops the records without pending changes, keeps the pending ones, and stores the page and its cursor', async () => {
    const { a, b, visit } = await syncedOldArea();
    await updateRecord(db, 'person', b.id, { address: '改过的地址' }, actor);
    const typedHere = await createRecord(db, 'person', newPerson({ name: '本机新建' }), actor);
    await saveDraft(db, `visit:new:${a.id}`, 'visit', { situation: '还没写完' });
    const newArea = serverPerson(OTHER_COMMUNITY, '新丙');

    const res = await applyPullPage(db, page([change('person', newArea)], 'new', { reset: true }));

    expect(await deviceIds()).toEqual([b.id, typedHere.id, newArea.id].sort());
    expect(await db.person.get(a.id)).toBeUndefined();
    expect(await db.visit.get(visit.id)).toBeUndefined();
    // The pending edit is still on its row, waiting for its push.
    expect((await db.person.get(b.id))?.address).toBe('改过的地址');
    expect(await db.outbox.count()).toBe(2);
    expect(await getCursor(db)).toBe('new');
    // The worker's own typing stays: the draft is listed on the home screen to finish or discard.
    expect(await db.drafts.count()).toBe(1);
    expect(res).toEqual({ stored: 1, removed: 2 });
  });

  it('[C13] [C4] a record whose entry the same page acknowledges is dropped unless the page brings it back', async () => {
    const mine = await createRecord(db, 'person', newPerson({ name: '已上传' }), actor);
    const alsoMine = await createRecord(db, 'person', newPerson({ name: '已上传且仍在辖区' }), actor);
    await applyPullPage(db, page([change('person', alsoMine)], 'new', { reset: true, lastSeq: 2 }));
    expect(await deviceIds()).toEqual([alsoMine.id]);
    expect(await db.person.get(mine.id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('[C13] only the page with reset drops anything: later pages of the same pull add to it', async () => {
    await syncedOldArea();
    const first = serverPerson(OTHER_COMMUNITY, '新一');
    const second = serverPerson(OTHER_COMMUNITY, '新二');
    await applyPullPage(db, page([change('person', first)], 'p1', { reset: true, more: true }));
    await applyPullPage(db, page([change('person', second)], 'p2'));
    expect(await deviceIds()).toEqual([first.id, second.id].sort());
    expect(await getCursor(db)).toBe('p2');
  });

  it('[C13] [C5] a reset page that cannot be stored drops nothing and leaves the cursor where it was', async () => {
    const { a, b, visit } = await syncedOldArea();
    const broken: Change = {
      kind: 'person',
      id: newId(),
      version: ++version,
      deleted: false,
      data: { name: 1 },
    };
    await expect(applyPullPage(db, page([broken], 'new', { reset: true }))).rejects.toMatchObject({
      reason: 'invalid',
    });
    expect(await deviceIds()).toEqual([a.id, b.id, visit.id].sort());
    expect(await getCursor(db)).toBe('old');
  });

  it('[C13] [C5] the drop, the page and the cursor commit together: a failure writing the cursor undoes the drop', async () => {
    const { a, b, visit } = await syncedOldArea();
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
    expect(await deviceIds()).toEqual([a.id, b.id, visit.id].sort());
    expect(await getCursor(db)).toBe('old');
  });

  it('[C13] [C10] a refused change clears the cursor, so the next pull starts over and drops the old area', async () => {
    const { a } = await syncedOldArea();
    await updateRecord(db, 'person', a.id, { address: '搬走前的修改' }, actor);
    expect(await rejectMutation(db, 1, 'forbidden', '不在您的辖区')).toBe(true);
    expect(await getCursor(db)).toBeNull();
    // The server answers a pull without a cursor with reset on its first page (P6).
    await applyPullPage(db, page([], 'new', { reset: true }));
    expect(await deviceIds()).toEqual([]);
    expect(await db.rejected.count()).toBe(1);
  });

  it('[C13] the person index and the must-visit list are told which rows went', async () => {
    await syncedOldArea();
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
      await applyPullPage(db, page([], 'new', { reset: true }));
    } finally {
      Dexie.on.storagemutated.unsubscribe(listen);
    }
    expect(personTouched).toBe(true);
    const changes = reported.reduce<WorklistChanges | null>(mergeChanges, null);
    if (changes === null) throw new Error('the reset page reported no change to the worklist tables');
    const input = await source.update(changes);
    expect(input).toEqual(await new WorklistSource(db).update('all'));
    expect(input.persons).toEqual([]);
    expect(input.visits).toEqual([]);
  });

  it('[P6] a page without reset keeps every record it does not mention', async () => {
    const { a, b, visit } = await syncedOldArea();
    const more = serverPerson(COMMUNITY, '又一位');
    await applyPullPage(db, page([change('person', more)], 'next'));
    expect(await deviceIds()).toEqual([a.id, b.id, visit.id, more.id].sort());
  });
});
