import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { readReportRecords } from '../../src/db/report-source.ts';
import { deleteRecord, updateRecord } from '../../src/db/repository.ts';
import { applyPullPage } from '../../src/db/sync-store.ts';
import type { Kind } from '../../src/model/kinds.ts';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';
import { summarize } from '../../src/model/report.ts';
import { activity, condolence, need, needStep, person, visit } from '../model/report-fixtures.ts';

const org = new OrgIndex(pingshanTree());
const STREET = '440310001000'; // 坪山街道
const LIULIAN = '440310001001'; // 六联社区, in 坪山街道
const LIUHE = '440310001002'; // 六和社区, in 坪山街道
const OTHER = '440310002001'; // 坪环社区, in 马峦街道
const YEAR = { from: '2023-01-01', to: '2023-12-31' };
const actor = { userId: 'u-staff' };

let db: ZoufangDB;
let n = 0;
beforeEach(async () => {
  db = new ZoufangDB(`report-source-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** Stores records the way a pull does: as the server's, version 1. */
async function synced(records: readonly { kind: Kind; data: { id: string } }[]): Promise<void> {
  await applyPullPage(db, {
    changes: records.map((r) => ({ kind: r.kind, id: r.data.id, version: 1, deleted: false, data: r.data })),
    cursor: 'c1',
    more: false,
    lastSeq: 0,
  });
}

describe('the device report source', () => {
  it('counts live records only: one deleted on the device and one removed by a server tombstone do not count', async () => {
    const kept = visit(LIULIAN, '2023-03-01');
    const deletedHere = visit(LIULIAN, '2023-03-02');
    const deletedThere = visit(LIUHE, '2023-03-03');
    await synced([kept, deletedHere, deletedThere].map((data) => ({ kind: 'visit', data })));

    await deleteRecord(db, 'visit', deletedHere.id, actor);
    await applyPullPage(db, {
      changes: [{ kind: 'visit', id: deletedThere.id, version: 2, deleted: true, data: null }],
      cursor: 'c2',
      more: false,
      lastSeq: 0,
    });

    const records = await readReportRecords(db, org, STREET);
    const summary = summarize(org, records, { ...YEAR, unitId: STREET });
    expect(summary.visits).toBe(1);
    expect([...(records.visits ?? [])].map((v) => v.id)).toEqual([kept.id]);
  });

  it('counts a record edited on the device but not yet pushed in its edited state', async () => {
    const v = visit(LIULIAN, '2023-03-01');
    await synced([{ kind: 'visit', data: v }]);
    await updateRecord(db, 'visit', v.id, { date: '2024-01-05' }, actor);

    const summary = summarize(org, await readReportRecords(db, org, STREET), { ...YEAR, unitId: STREET });
    expect(summary.visits).toBe(0);
  });

  it('[R4] a visit, condolence and activity voided on the device count nowhere; a corrected amount counts as corrected', async () => {
    const v = visit(LIULIAN, '2023-03-01');
    const kept = condolence(LIULIAN, '2023-03-01', { cashFen: 50_000 });
    const c = condolence(LIULIAN, '2023-03-02', { cashFen: 80_000 });
    const t = activity(STREET, '2023-03-03');
    await synced([
      { kind: 'visit', data: v },
      { kind: 'condolence', data: kept },
      { kind: 'condolence', data: c },
      { kind: 'activity', data: t },
    ]);
    const before = summarize(org, await readReportRecords(db, org, STREET), { ...YEAR, unitId: STREET });
    expect([
      before.visits,
      before.condolences,
      before.condolenceCashYuan,
      before.volunteerActivities,
    ]).toEqual([1, 2, 1300, 1]);

    const voided = { voidedAt: '2026-12-01T08:00:00Z', voidedBy: 'u-staff', voidReason: '录错了' };
    await updateRecord(db, 'visit', v.id, voided, actor);
    await updateRecord(db, 'condolence', c.id, voided, actor);
    await updateRecord(db, 'activity', t.id, voided, actor);
    await updateRecord(db, 'condolence', kept.id, { cashFen: 30_000 }, actor);

    const after = summarize(org, await readReportRecords(db, org, STREET), { ...YEAR, unitId: STREET });
    expect([after.visits, after.condolences, after.condolenceCashYuan, after.volunteerActivities]).toEqual([
      0, 1, 300, 0,
    ]);
  });

  it('reads every kind of the unit and its communities, and nothing outside it, without the device bookkeeping', async () => {
    const aided = need(LIULIAN, '2023-02-01', {
      status: '已申请基金',
      fundSource: '深圳市退役军人关爱基金',
      amountGrantedFen: 200_000,
      grantDate: '2023-04-01',
    });
    await synced([
      { kind: 'person', data: person(LIULIAN, { receivedDate: '2023-09-01' }) },
      { kind: 'person', data: person(OTHER, { receivedDate: '2023-09-01' }) },
      { kind: 'visit', data: visit(LIUHE, '2023-05-01') },
      { kind: 'visit', data: visit(OTHER, '2023-05-01') },
      { kind: 'condolence', data: condolence(LIUHE, '2023-08-01', { cashFen: 50_000 }) },
      { kind: 'need', data: aided },
      { kind: 'needStep', data: needStep(aided, '已帮扶', '2023-04-01') },
      { kind: 'activity', data: activity(STREET, '2023-06-01') },
      { kind: 'activity', data: activity('440310002000', '2023-06-01') },
    ]);

    const records = await readReportRecords(db, org, STREET);
    expect([...(records.persons ?? [])]).toHaveLength(1);
    expect([...(records.visits ?? [])]).toHaveLength(1);
    expect([...(records.activities ?? [])]).toHaveLength(1);
    expect([...(records.needSteps ?? [])]).toHaveLength(1);
    expect([...(records.visits ?? [])][0]).not.toHaveProperty('_v');

    const s = summarize(org, records, { ...YEAR, unitId: STREET });
    expect(s).toMatchObject({
      visits: 1,
      condolences: 1,
      condolenceCashYuan: 500,
      fundAidedPersons: 1,
      fundAmountYuan: 2000,
      volunteerActivities: 1,
      personsReceived: 1,
    });
  });
});
