import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { applyPullPage, getCursor } from '../../src/db/sync-store.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord } from '../../src/db/repository.ts';
import { OTHER_COMMUNITY, newPerson } from '../fixtures/records.ts';
import { page, serverPerson, serverVisit, staleIds } from './pull-pages.ts';

/**
 * Version 1 of the device database, exactly as published: a phone that installs the new app opens its
 * existing database with it. Never change this copy when ZoufangDB changes.
 */
const V1 = {
  person: 'id, communityId, name, idNumber, updatedAt',
  visit: 'id, personId, communityId, date, followUpDate',
  condolence: 'id, personId, communityId, date',
  need: 'id, personId, communityId, status, followUpDate',
  needStep: 'id, needId, personId',
  activity: 'id, teamId, unitId, date',
  conflict: 'id, recordId, communityId',
  outbox: '++id, &seq, &mutationId, recordId',
  rejected: '++id, recordId',
  drafts: 'key, form',
  meta: 'key',
};

/** Version 2 as published: version 1 plus the C13 marks. Never change this copy either. */
const V2 = { ...V1, staleAfterReset: 'id, kind' };

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened) d.close();
  for (const name of new Set(opened.splice(0).map((d) => d.name))) await Dexie.delete(name);
});

describe('the device database upgrade', () => {
  it('[C13] a version 1 database opens at the current version with every row kept and no record marked stale', async () => {
    const name = `upgrade-${process.pid}-${++n}`;
    const old = new Dexie(name);
    old.version(1).stores(V1);
    opened.push(old);
    const person = { ...serverPerson(OTHER_COMMUNITY, '升级前'), _v: 3 };
    const visit = { ...serverVisit(person.id), _v: 4 };
    const entry = {
      seq: 1,
      mutationId: 'm-1',
      clientId: 'c-1',
      kind: 'person',
      recordId: person.id,
      op: 'put',
      fields: { address: '待上传' },
      baseVersion: 3,
      by: 'u-worker',
      at: '2026-11-27T08:00:00.000Z',
    };
    const refused = { ...entry, seq: 2, mutationId: 'm-2', reason: 'forbidden', message: '不在您的辖区' };
    const draft = { key: 'visit:new', form: 'visit', values: { situation: '没写完' }, savedAt: entry.at };
    await old.table('person').add(person);
    await old.table('visit').add(visit);
    await old.table('outbox').add(entry);
    await old.table('rejected').add(refused);
    await old.table('drafts').add(draft);
    await old.table('meta').bulkAdd([
      { key: 'cursor', value: 'c-old' },
      { key: 'nextSeq', value: 2 },
    ]);
    old.close();

    const db = new ZoufangDB(name);
    opened.push(db);
    await db.open();

    expect(db.verno).toBe(4);
    expect(await db.person.toArray()).toEqual([person]);
    expect(await db.visit.toArray()).toEqual([visit]);
    // Dexie wrote the old auto-increment key onto `entry`; the upgraded row has none (toEqual skips undefined).
    expect(await db.outbox.toArray()).toEqual([{ ...entry, id: undefined }]);
    expect(await db.outbox.where('recordId').equals(person.id).count()).toBe(1);
    expect(await db.rejected.toArray()).toEqual([{ ...refused, id: 1 }]);
    expect(await db.drafts.toArray()).toEqual([draft]);
    expect(await db.meta.bulkGet(['cursor', 'nextSeq'])).toEqual([
      { key: 'cursor', value: 'c-old' },
      { key: 'nextSeq', value: 2 },
    ]);
    expect(await staleIds(db)).toEqual([]);

    // The new table works on the upgraded database: a restarted pull marks the visit, not the pending person.
    await applyPullPage(db, page([], 'p1', { reset: true, more: true }));
    expect(await staleIds(db)).toEqual([visit.id]);
  });

  it('[C4] a version 2 database opens with the outbox keyed by seq: every entry, rejected change, row and mark kept', async () => {
    const name = `upgrade-${process.pid}-${++n}`;
    const old = new Dexie(name);
    old.version(2).stores(V2);
    opened.push(old);
    const person = { ...serverPerson(OTHER_COMMUNITY, '升级前'), _v: 3 };
    const gone = { ...serverPerson(OTHER_COMMUNITY, '标记的'), _v: 2 };
    // Auto-increment ids that do not match the seqs: entries renumbered after a refusal (C6) look like this.
    const entries = [5, 6, 7].map((seq, i) => ({
      id: 10 + i,
      seq,
      mutationId: `m-${seq}`,
      clientId: 'c-1',
      kind: 'person',
      recordId: person.id,
      op: 'put',
      fields: { address: `待上传${seq}` },
      baseVersion: 3,
      by: 'u-worker',
      at: '2026-11-27T08:00:00.000Z',
    }));
    const refused = { ...entries[0], id: 1, seq: 4, mutationId: 'm-4', reason: 'forbidden', message: '拒绝' };
    await old.table('person').bulkAdd([person, gone]);
    await old.table('outbox').bulkAdd(entries);
    await old.table('rejected').add(refused);
    await old.table('staleAfterReset').add({ id: gone.id, kind: 'person' });
    await old.table('meta').bulkAdd([
      { key: 'cursor', value: 'c-old' },
      { key: 'nextSeq', value: 8 },
      { key: 'clientId', value: 'c-1' },
    ]);
    old.close();

    const db = new ZoufangDB(name);
    opened.push(db);
    await db.open();

    expect(db.verno).toBe(4);
    expect(db.tables.map((t) => t.name)).not.toContain('outboxBySeq');
    expect(db.outbox.schema.primKey.keyPath).toBe('seq');
    expect(await db.outbox.toArray()).toEqual(entries.map(({ id: _id, ...e }) => e));
    expect(await db.outbox.where('recordId').equals(person.id).count()).toBe(3);
    expect(await db.rejected.toArray()).toEqual([refused]);
    expect(await db.person.toArray()).toEqual([person, gone].sort((x, y) => x.id.localeCompare(y.id)));
    expect(await staleIds(db)).toEqual([gone.id]);
    expect(await getCursor(db)).toBe('c-old');

    // The upgraded outbox works: acknowledging is a key range, and the next local write follows seq 7.
    const replica = createDexieReplica(db);
    await replica.acknowledge(5);
    expect((await replica.outboxAfter(0, 10)).map((e) => e.seq)).toEqual([6, 7]);
    await createRecord(db, 'person', newPerson({ name: '升级后' }), { userId: 'u' });
    expect((await replica.outboxAfter(0, 10)).map((e) => e.seq)).toEqual([6, 7, 8]);
    expect(await replica.clientId()).toBe('c-1');
  });
});
