import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { applyPullPage } from '../../src/db/sync-store.ts';
import { OTHER_COMMUNITY } from '../fixtures/records.ts';
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

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened) d.close();
  for (const name of new Set(opened.splice(0).map((d) => d.name))) await Dexie.delete(name);
});

describe('the device database upgrade', () => {
  it('[C13] a version 1 database opens at version 2 with every row kept and no record marked stale', async () => {
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

    expect(db.verno).toBe(2);
    expect(await db.person.toArray()).toEqual([person]);
    expect(await db.visit.toArray()).toEqual([visit]);
    expect(await db.outbox.toArray()).toEqual([{ ...entry, id: 1 }]);
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
});
