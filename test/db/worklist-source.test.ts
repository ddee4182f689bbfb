import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord, deleteRecord, type NewRecord } from '../../src/db/repository.ts';
import { readWorklistInput } from '../../src/db/worklist-source.ts';
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
  buildWorklist(await readWorklistInput(db), TODAY)
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
});
