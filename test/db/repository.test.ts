import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import {
  createRecord,
  deleteRecord,
  updateRecord,
  ValidationError,
  writeTogether,
} from '../../src/db/repository.ts';
import { rejectEntry } from '../../src/db/outbox.ts';
import { META } from '../../src/db/meta.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';

const actor = { userId: 'u-worker' };
let db: ZoufangDB;
let n = 0;

beforeEach(async () => {
  db = new ZoufangDB(`repo-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('repositories', () => {
  it('[C1] a created record and its outbox entry are stored together', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    expect(await db.person.get(p.id)).toMatchObject({ name: '张建国', _v: 0 });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      seq: 1,
      kind: 'person',
      recordId: p.id,
      op: 'put',
      baseVersion: 0,
      by: 'u-worker',
    });
    expect(entry?.fields).toMatchObject({ name: '张建国', idNumber: p.idNumber });
  });

  it('[C1] when the outbox entry cannot be written, the record is not stored either', async () => {
    await createRecord(db, 'person', newPerson(), actor);
    await db.meta.put({ key: META.nextSeq, value: 1 }); // seq 1 is taken: the outbox add must fail
    await expect(createRecord(db, 'person', newPerson({ name: '李四' }), actor)).rejects.toThrow();
    expect(await db.person.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('an invalid record is refused with per-field Chinese messages and nothing is stored', async () => {
    const err = await createRecord(
      db,
      'person',
      newPerson({ idNumber: '340524198001010011', name: ' ' }),
      actor,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields).toMatchObject({
      idNumber: '身份证号校验位不正确，请核对',
      name: '请填写姓名',
    });
    expect(await db.outbox.count()).toBe(0);
  });

  it('an edit queues only the changed fields, based on the local server version', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    await db.person.update(p.id, { _v: 7 });
    await updateRecord(db, 'person', p.id, { address: '新地址' }, actor);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries[1]).toMatchObject({ seq: 2, op: 'put', baseVersion: 7 });
    expect(Object.keys(entries[1]?.fields ?? {}).sort()).toEqual(['address', 'updatedAt']);
  });

  it('a delete removes the row and queues a tombstone', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const v = await createRecord(db, 'visit', newVisit(p.id), actor);
    await deleteRecord(db, 'visit', v.id, actor);
    expect(await db.visit.get(v.id)).toBeUndefined();
    expect((await db.outbox.orderBy('seq').last())?.op).toBe('delete');
  });

  it('[C6] a refused entry is kept in rejected and the later entries close the gap', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    await createRecord(db, 'visit', newVisit(p.id), actor);
    await createRecord(db, 'visit', newVisit(p.id), actor);
    await rejectEntry(db, 2, 'forbidden', '不在您的辖区');
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.seq)).toEqual([1, 2]);
    expect(await db.rejected.toArray()).toMatchObject([
      { seq: 2, reason: 'forbidden', message: '不在您的辖区' },
    ]);
    const next = await createRecord(db, 'visit', newVisit(p.id), actor);
    expect((await db.outbox.where('recordId').equals(next.id).first())?.seq).toBe(3);
  });
});

describe('writes together', () => {
  it('[C1] a need status change and its history step are saved together or not at all', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const need = await createRecord(
      db,
      'need',
      {
        personId: p.id,
        communityId: p.communityId,
        category: '医疗健康',
        urgency: '一般',
        description: '住院费用困难',
        status: '登记',
        fundSource: null,
        amountGrantedFen: null,
        grantDate: null,
        declineReason: null,
        followUpDate: null,
        openedDate: '2026-11-01',
        closedDate: null,
      },
      actor,
    );
    const before = await db.outbox.count();
    const step = {
      needId: need.id,
      personId: p.id,
      communityId: p.communityId,
      from: '登记' as const,
      to: '已转介' as const,
      date: '2026-11-02',
      note: '',
      byName: '李社工',
      fundSource: null,
      amountFen: null,
    };
    // The step is invalid (impossible date): the need's status change must roll back with it.
    await expect(
      writeTogether(db, ['need', 'needStep'], async () => {
        await updateRecord(db, 'need', need.id, { status: '已转介' }, actor);
        await createRecord(db, 'needStep', { ...step, date: '2026-02-30' }, actor);
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await db.need.get(need.id))?.status).toBe('登记');
    expect(await db.outbox.count()).toBe(before);

    await writeTogether(db, ['need', 'needStep'], async () => {
      await updateRecord(db, 'need', need.id, { status: '已转介' }, actor);
      await createRecord(db, 'needStep', step, actor);
    });
    expect((await db.need.get(need.id))?.status).toBe('已转介');
    expect(await db.needStep.where('needId').equals(need.id).count()).toBe(1);
    expect(await db.outbox.count()).toBe(before + 2);
  });
});
