import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord, deleteRecord, type NewRecord } from '../../src/db/repository.ts';
import { Dexie, type ObservabilitySet } from 'dexie';
import {
  mergeChanges,
  WorklistSource,
  worklistChanges,
  type WorklistChanges,
} from '../../src/db/worklist-source.ts';
import { buildWorklist } from '../../src/model/worklist.ts';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';

const actor = { userId: 'u-worker' };
// Inside the 春节 2027 round (2027-02-06, opened 20 days before).
const TODAY = '2027-01-20';
let db: ZoufangDB;
let n = 0;

beforeEach(async () => {
  db = new ZoufangDB(`worklist-source-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

function newCondolence(personId: string): NewRecord<'condolence'> {
  return {
    personId,
    unitName: null,
    communityId: COMMUNITY,
    occasion: '春节',
    level: '社区',
    cashFen: 50_000,
    goods: '',
    goodsValueFen: 0,
    fundsSource: '区财政',
    date: '2027-01-18',
    visitors: '李社工',
    notes: '',
    photos: [],
  };
}

const kinds = async () =>
  buildWorklist(await new WorklistSource(db).update('all'), TODAY)
    .map((i) => i.kind)
    .sort();

describe('worklist source', () => {
  it('reads the persons, visits and condolences the list is computed from', async () => {
    const p = await createRecord(db, 'person', newPerson({ contactTier: '重点联系' }), actor);
    expect(await kinds()).toEqual(['holiday', 'homeVisit', 'quarterly']);
    await createRecord(db, 'condolence', newCondolence(p.id), actor);
    expect(await kinds()).toEqual(['homeVisit', 'quarterly']);
    await createRecord(db, 'visit', newVisit(p.id, { date: '2027-01-19' }), actor);
    expect(await kinds()).toEqual([]);
  });

  it('reads the needs, and a deleted record no longer counts', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const v = await createRecord(
      db,
      'visit',
      newVisit(p.id, { date: '2027-01-10', needsRaised: '希望介绍工作' }),
      actor,
    );
    expect(await kinds()).toEqual(['raisedNeed']);
    const need = await createRecord(
      db,
      'need',
      {
        personId: p.id,
        communityId: COMMUNITY,
        category: '就业创业',
        urgency: '一般',
        description: '希望介绍工作',
        status: '登记',
        fundSource: null,
        amountGrantedFen: null,
        grantDate: null,
        declineReason: null,
        followUpDate: null,
        openedDate: '2027-01-10',
        closedDate: null,
      },
      actor,
    );
    expect(await kinds()).toEqual([]);
    await deleteRecord(db, 'need', need.id, actor);
    expect(await kinds()).toEqual(['raisedNeed']);
    await deleteRecord(db, 'visit', v.id, actor);
    expect(await kinds()).toEqual([]);
  });

  it('a copy patched only with the keys each write reported stays equal to a fresh read', async () => {
    const changes: WorklistChanges[] = [];
    const listen = (parts: ObservabilitySet) => {
      const c = worklistChanges(parts, db.name);
      if (c) changes.push(c);
    };
    Dexie.on('storagemutated', listen);
    const kept = new WorklistSource(db);
    await kept.update('all');
    /** Applies what was reported since the last call, and compares with a fresh read. */
    const check = async () => {
      const reported = changes.splice(0).reduce<WorklistChanges | null>(mergeChanges, null);
      expect(reported).not.toBe('all');
      const patched = buildWorklist(await kept.update(reported ?? new Map()), TODAY);
      expect(patched).toEqual(buildWorklist(await new WorklistSource(db).update('all'), TODAY));
      return patched.map((i) => i.kind).sort();
    };
    try {
      const p = await createRecord(db, 'person', newPerson({ contactTier: '重点联系' }), actor);
      expect(await check()).toEqual(['holiday', 'homeVisit', 'quarterly']);
      const v = await createRecord(db, 'visit', newVisit(p.id, { date: '2027-01-19' }), actor);
      expect(await check()).toEqual([]);
      await deleteRecord(db, 'visit', v.id, actor);
      expect(await check()).toEqual(['holiday', 'homeVisit', 'quarterly']);
      await createRecord(db, 'condolence', newCondolence(p.id), actor);
      expect(await check()).toEqual(['homeVisit', 'quarterly']);
    } finally {
      Dexie.on.storagemutated.unsubscribe(listen);
    }
  });

  it('a bulk write (a sync page) is reported as "read everything"', async () => {
    const seen: (WorklistChanges | null)[] = [];
    const listen = (parts: ObservabilitySet) => seen.push(worklistChanges(parts, db.name));
    Dexie.on('storagemutated', listen);
    try {
      const rows = Array.from({ length: 60 }, (_, i) => ({
        ...newPerson({ name: `对象${i}` }),
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        createdAt: '2027-01-01T00:00:00.000Z',
        createdBy: 'u',
        updatedAt: '2027-01-01T00:00:00.000Z',
        _v: 1,
      }));
      await db.person.bulkPut(rows);
      await db.drafts.put({ key: 'k', form: 'visit', values: {}, savedAt: '' });
      expect(seen).toContain('all');
      // Writes to other tables are not the worklist's business.
      expect(seen.at(-1)).toBeNull();
    } finally {
      Dexie.on.storagemutated.unsubscribe(listen);
    }
  });
});
