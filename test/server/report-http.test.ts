import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSummary } from '../../src/model/report.ts';
import { applyServerWrite } from '../../src/server/replication/server-write.ts';
import {
  errorOf,
  login,
  makeActivity,
  makeNeed,
  makePerson,
  makeVisit,
  startTestServer,
  type TestServer,
} from './helpers.ts';

const Q = '/api/reports/summary?from=2023-01-01&to=2023-12-31';

for (const pg of [false, true]) {
  describe(`GET /api/reports/summary (${pg ? 'PostgreSQL' : 'SQLite'})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ pg });
      const admin = (await login(server.app, 'admin')).user;
      const p = makePerson('admin', { receivedDate: '2023-03-20' });
      const q = makePerson('admin', { idNumber: '110101199003070011', communityId: '440310002001' });
      const gone = makeVisit('admin', p.id, { date: '2023-06-01' });
      await applyServerWrite(server.store, admin, [
        { kind: 'person', recordId: p.id, op: 'put', fields: p },
        { kind: 'person', recordId: q.id, op: 'put', fields: q },
        ...[
          makeVisit('admin', p.id, { date: '2023-01-01' }),
          makeVisit('admin', p.id, { date: '2023-12-31', campaign: '六必访', trigger: '生病住院' }),
          makeVisit('admin', p.id, { date: '2024-01-01' }),
          makeVisit('admin', q.id, { date: '2023-05-05', communityId: '440310002001' }),
          gone,
        ].map((v) => ({ kind: 'visit' as const, recordId: v.id, op: 'put' as const, fields: v })),
        ...[
          makeNeed('admin', p.id, {
            openedDate: '2023-02-01',
            status: '已帮扶',
            fundSource: '坪山区退役军人关爱基金',
            amountGrantedFen: 200_000,
            grantDate: '2023-02-10',
          }),
        ].map((n) => ({ kind: 'need' as const, recordId: n.id, op: 'put' as const, fields: n })),
        ...[makeActivity('admin', { date: '2023-08-01', volunteerCount: 4, peopleServed: 30 })].map((a) => ({
          kind: 'activity' as const,
          recordId: a.id,
          op: 'put' as const,
          fields: a,
        })),
      ]);
      await applyServerWrite(server.store, admin, [
        { kind: 'visit', recordId: gone.id, op: 'delete', fields: {} },
      ]);
    });
    afterAll(async () => server.close());

    it('gives the district admin the district figures, deleted records left out', async () => {
      const s = await login(server.app, 'admin');
      const res = await server.app.inject({ url: Q, headers: s.headers });
      expect(res.statusCode).toBe(200);
      const body = res.json<ReportSummary>();
      expect(body).toMatchObject({
        from: '2023-01-01',
        to: '2023-12-31',
        unit: { id: '440310000000', name: '坪山区', level: 'district' },
        visits: 3,
        visitsByCampaign: { 大走访: 2, 六必访: 1 },
        fundAidedPersons: 1,
        fundAmountYuan: 2000,
        needsOpened: 1,
        volunteerActivities: 1,
        volunteerParticipations: 4,
        volunteerPeopleServed: 30,
        personsReceived: 1,
      });
      expect(body.children).toHaveLength(6);
    });

    it('gives street staff its street and its communities, and refuses another street', async () => {
      const s = await login(server.app, 'street1');
      const own = await server.app.inject({ url: Q, headers: s.headers });
      expect(own.json<ReportSummary>()).toMatchObject({ unit: { id: '440310001000' }, visits: 2 });
      const community = await server.app.inject({ url: `${Q}&unit=440310001001`, headers: s.headers });
      expect(community.json<ReportSummary>().visits).toBe(2);
      const other = await server.app.inject({ url: `${Q}&unit=440310002000`, headers: s.headers });
      expect(other.statusCode).toBe(403);
      expect(errorOf(other).reason).toBe('forbidden');
      const district = await server.app.inject({ url: `${Q}&unit=440310000000`, headers: s.headers });
      expect(district.statusCode).toBe(403);
    });

    it('refuses community workers and team leaders with a reason', async () => {
      for (const u of ['worker1', 'leader1']) {
        const s = await login(server.app, u);
        const res = await server.app.inject({ url: Q, headers: s.headers });
        expect(res.statusCode).toBe(403);
        expect(errorOf(res).message).toBe('报表仅向街道工作人员和区级管理员开放');
      }
    });

    it('answers 400 with a reason for bad dates, from after to and an unknown unit; 401 without a session', async () => {
      const s = await login(server.app, 'admin');
      for (const url of [
        '/api/reports/summary?from=2023-12-31&to=2023-01-01',
        '/api/reports/summary?from=2023-02-30&to=2023-12-31',
        '/api/reports/summary?to=2023-12-31',
        `${Q}&unit=999`,
      ]) {
        const res = await server.app.inject({ url, headers: s.headers });
        expect(res.statusCode, url).toBe(400);
        expect(errorOf(res).reason).toBe('bad_request');
        expect(errorOf(res).message.length).toBeGreaterThan(0);
      }
      expect((await server.app.inject({ url: Q })).statusCode).toBe(401);
    });

    it('exports the summary as CSV with a BOM and as XLSX', async () => {
      const s = await login(server.app, 'admin');
      const csv = await server.app.inject({ url: Q.replace('summary', 'summary.csv'), headers: s.headers });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.startsWith('\uFEFF单位,层级,单位代码,走访（人次）')).toBe(true);
      expect(csv.body).toContain('\r\n坪山区,区,\t440310000000,3,');
      const xlsx = await server.app.inject({ url: Q.replace('summary', 'summary.xlsx'), headers: s.headers });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });
  });
}
