import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../src/model/id-number.ts';
import { newId } from '../../src/model/ids.ts';
import type { Kind, RecordOf } from '../../src/model/kinds.ts';
import { OrgIndex } from '../../src/model/org.ts';

import { summarize, type ReportQuery } from '../../src/model/report.ts';
import type { SessionUser } from '../../src/protocol/auth.ts';
import { applyServerWrite, type ServerWriteChange } from '../../src/server/replication/server-write.ts';
import { storeSummary } from '../../src/server/reports/summary.ts';
import {
  login,
  makeActivity,
  makeNeed,
  makeNeedStep,
  makePerson,
  makeVisit,
  startTestServer,
  type TestServer,
} from './helpers.ts';

/**
 * The server's summary reads report projections (server/reports/projection.ts) filtered by date in SQL; it
 * must equal `summarize` over the same live records read whole — the device's and the CLI's way — to the
 * figure, for any period and unit, after updates and deletes.
 */
const C1 = '440310001001';
const C2 = '440310002001';
const STREET1 = '440310001000';

function idNumber(n: number): string {
  const first17 = `44031019800101${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function condolence(
  personId: string | null,
  over: Partial<RecordOf<'condolence'>> = {},
): RecordOf<'condolence'> {
  const at = '2026-11-28T08:00:00.000Z';
  return {
    id: newId(),
    createdAt: at,
    createdBy: 'admin',
    updatedAt: at,
    personId,
    unitName: personId === null ? '驻坪部队' : null,
    communityId: C1,
    occasion: '春节',
    level: '社区',
    cashFen: 50_000,
    goods: '米油',
    goodsValueFen: 12_345,
    fundsSource: '',
    date: '2023-01-20',
    visitors: '社工',
    notes: '',
    photos: [],
    ...over,
  };
}

const put = <K extends Kind>(kind: K, fields: RecordOf<K>, baseVersion?: number): ServerWriteChange => ({
  kind,
  recordId: fields.id,
  op: 'put',
  fields,
  ...(baseVersion === undefined ? {} : { baseVersion }),
});

/** Every live record of the report kinds, read whole (not through the projection). */
async function liveRecords(server: TestServer) {
  const rows = await server.store.scanRecords({
    kinds: ['person', 'visit', 'condolence', 'need', 'needStep', 'activity'],
    unitIds: null,
  });
  const of = <K extends Kind>(kind: K) =>
    rows.filter((r) => r.kind === kind).map((r) => r.data as unknown as RecordOf<K>);
  return {
    persons: of('person'),
    visits: of('visit'),
    condolences: of('condolence'),
    needs: of('need'),
    needSteps: of('needStep'),
    activities: of('activity'),
  };
}

for (const pg of [false, true]) {
  describe(`the server summary (${pg ? 'PostgreSQL' : 'SQLite'})`, () => {
    let server: TestServer;
    let admin: SessionUser;
    beforeAll(async () => {
      server = await startTestServer({ pg });
      admin = (await login(server.app, 'admin')).user;
      const p1 = makePerson('admin', { idNumber: idNumber(1), receivedDate: '2023-01-01' });
      const p2 = makePerson('admin', { idNumber: idNumber(5), communityId: C2, receivedDate: '2022-12-31' });
      const p3 = makePerson('admin', { idNumber: idNumber(3), receivedDate: null });
      const moved = makeVisit('admin', p1.id, { date: '2023-06-01' });
      const gone = makeVisit('admin', p1.id, { date: '2023-06-02' });
      const goneCondolence = condolence(p1.id, { date: '2023-12-31' });
      const granted = makeNeed('admin', p1.id, {
        openedDate: '2022-12-01',
        status: '已帮扶',
        fundSource: '坪山区退役军人关爱基金',
        amountGrantedFen: 200_000,
        grantDate: '2023-01-01',
      });
      // Status moved on past 已帮扶 by a later edit, but a step records that it got there: still aided.
      const stepped = makeNeed('admin', p2.id, {
        communityId: C2,
        openedDate: '2021-05-01',
        status: '已转介',
        fundSource: '坪山区退役军人关爱基金',
        amountGrantedFen: 50_000,
        grantDate: '2023-12-31',
        closedDate: '2024-01-01',
      });
      await applyServerWrite(server.store, admin, [
        put('person', p1),
        put('person', p2),
        put('person', p3),
        ...[
          makeVisit('admin', p1.id, { date: '2022-12-31' }),
          makeVisit('admin', p1.id, { date: '2023-01-01' }),
          makeVisit('admin', p1.id, { date: '2023-12-31', campaign: '六必访', trigger: '生病住院' }),
          makeVisit('admin', p1.id, { date: '2024-01-01' }),
          makeVisit('admin', p2.id, { date: '2023-05-05', communityId: C2 }),
          moved,
          gone,
        ].map((v) => put('visit', v)),
        put('condolence', condolence(p1.id)),
        put('condolence', condolence(null, { date: '2023-08-01' })),
        put('condolence', condolence(p2.id, { communityId: C2, date: '2024-01-01' })),
        put('condolence', goneCondolence),
        put('need', granted),
        put('need', stepped),
        put(
          'needStep',
          makeNeedStep('admin', stepped, { from: '已申请基金', to: '已帮扶', date: '2020-01-01' }),
        ),
        put('needStep', makeNeedStep('admin', granted, { to: '登记', date: '2023-01-01' })),
        put('activity', makeActivity('admin', { date: '2023-12-31', hours: 2.5, volunteerCount: 4 })),
        put('activity', makeActivity('admin', { date: '2024-01-01', theme: '文明出行' })),
      ]);
      // Updated and deleted records: the figures follow their current state.
      const [current] = await server.store
        .scanRecords({ kinds: ['visit'], unitIds: [C1] })
        .then((rows) => rows.filter((r) => r.id === moved.id));
      await applyServerWrite(server.store, admin, [
        {
          kind: 'visit',
          recordId: moved.id,
          op: 'put',
          fields: { date: '2024-03-01' },
          baseVersion: current?.version ?? 0,
        },
        { kind: 'visit', recordId: gone.id, op: 'delete', fields: {} },
        { kind: 'condolence', recordId: goneCondolence.id, op: 'delete', fields: {} },
        {
          kind: 'person',
          recordId: p3.id,
          op: 'put',
          fields: { receivedDate: '2023-12-31' },
          baseVersion: 0,
        },
      ]);
    });
    afterAll(async () => server.close());

    const queries: [string, ReportQuery][] = [
      ['the year, district', { from: '2023-01-01', to: '2023-12-31', unitId: '440310000000' }],
      ['its first day', { from: '2023-01-01', to: '2023-01-01', unitId: '440310000000' }],
      ['its last day and the next', { from: '2023-12-31', to: '2024-01-01', unitId: '440310000000' }],
      ['two years, one street', { from: '2022-01-01', to: '2024-12-31', unitId: STREET1 }],
      ['the year, one community', { from: '2023-01-01', to: '2023-12-31', unitId: C2 }],
      [
        'a year with nothing but an old step',
        { from: '2020-01-01', to: '2020-12-31', unitId: '440310000000' },
      ],
    ];
    for (const [name, q] of queries) {
      it(`equals summarize over the same live records, read whole: ${name}`, async () => {
        const org = new OrgIndex(await server.store.getOrg());
        const expected = summarize(org, await liveRecords(server), q);
        expect(await storeSummary(server.store, q, org)).toEqual(expected);
      });
    }

    it('counts what the fixture says for the year: updates and deletes applied, edges included', async () => {
      const s = await storeSummary(server.store, {
        from: '2023-01-01',
        to: '2023-12-31',
        unitId: '440310000000',
      });
      expect(s).toMatchObject({
        visits: 3,
        visitsByCampaign: { 大走访: 2, 六必访: 1 },
        condolences: 1,
        condolencesToUnits: 1,
        condolenceCashYuan: 1000,
        fundAidedPersons: 2,
        fundAmountYuan: 2500,
        needsOpened: 0,
        needsClosed: 0,
        volunteerActivities: 1,
        volunteerHours: 2.5,
        personsReceived: 2,
      });
    });
  });
}
