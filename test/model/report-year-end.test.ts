import { describe, expect, it } from 'vitest';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';
import { flattenSummary, summarize, type ReportRecords, type ReportSummary } from '../../src/model/report.ts';
import type { Activity } from '../../src/model/records/activity.ts';
import type { Condolence } from '../../src/model/records/condolence.ts';
import type { Need } from '../../src/model/records/need.ts';
import type { Person } from '../../src/model/records/person.ts';
import type { Visit } from '../../src/model/records/visit.ts';
import { activity, condolence, fid, need, person, visit } from './report-fixtures.ts';

/**
 * A year shaped like the bureau's 2023 summary (seed): 大走访 3575 人次, 慰问 3425 人次, 帮扶基金 15 人 / 3万元,
 * 红星志愿服务队 179 场 / 489 人次 / 3989 人次 served, 13 + 24 退役士兵 received. Records are spread over the
 * communities (and, for activities, over the district, street and community teams), with noise outside the year.
 */
const tree = pingshanTree();
const org = new OrgIndex(tree);
const communities = org.communitiesOf('440310000000');
const at = (i: number): string => communities[i % communities.length] ?? '';
const day = (i: number): string => {
  const d = new Date(Date.UTC(2023, 0, 1 + (i % 365)));
  return d.toISOString().slice(0, 10);
};

function seedYear(): ReportRecords {
  const visits: Visit[] = [];
  for (let i = 0; i < 3575; i++) visits.push(visit(at(i), day(i * 7)));
  visits.push(visit(at(0), '2022-12-31'), visit(at(1), '2024-01-01'));
  const condolences: Condolence[] = [];
  for (let i = 0; i < 3425; i++) {
    condolences.push(
      condolence(at(i + 3), day(i * 11), { occasion: i % 2 ? '八一' : '春节', cashFen: 20_000 }),
    );
  }
  condolences.push(
    condolence(at(2), '2023-08-01', { personId: null, unitName: '驻区部队', cashFen: 500_000 }),
  );
  // 15 persons, 16 grants (one person aided twice), 30,000 yuan in all.
  const needs: Need[] = [];
  const aided = Array.from({ length: 15 }, () => fid());
  aided.forEach((personId, i) => {
    needs.push(
      need(at(i * 5), day(i * 20), {
        personId,
        status: i % 3 ? '已帮扶' : '已办结',
        fundSource: '坪山区退役军人关爱基金',
        amountGrantedFen: 180_000,
        grantDate: day(i * 20 + 10),
      }),
    );
  });
  needs.push(
    need(at(0), day(300), {
      personId: aided[0] ?? '',
      status: '已帮扶',
      amountGrantedFen: 300_000,
      grantDate: day(310),
    }),
  );
  needs.push(need(at(4), day(100), { status: '已申请基金', amountGrantedFen: 100_000, grantDate: day(120) }));
  // 179 activities: 489 volunteers, 3989 served.
  const activities: Activity[] = [];
  const units = ['440310000000', ...org.children.get('440310000000')!.map((u) => u.id), ...communities];
  for (let i = 0; i < 179; i++) {
    activities.push(
      activity(units[i % units.length] ?? '', day(i * 2), {
        theme: i % 3 === 0 ? '文明出行' : i % 3 === 1 ? '环境保护' : '安全宣讲',
        volunteerCount: i < 131 ? 3 : 2,
        peopleServed: i < 51 ? 23 : 22,
        hours: 2,
      }),
    );
  }
  const persons: Person[] = [];
  for (let i = 0; i < 13; i++) persons.push(person(at(i), { receivedDate: '2023-03-20' }));
  for (let i = 0; i < 24; i++) persons.push(person(at(i + 7), { receivedDate: '2023-10-15' }));
  persons.push(person(at(1), { receivedDate: '2022-10-15' }));
  return { persons, visits, condolences, needs, activities };
}

const year = seedYear();
const district = summarize(org, year, { from: '2023-01-01', to: '2023-12-31', unitId: '440310000000' });

function sum(
  list: ReportSummary[],
  k: 'visits' | 'condolences' | 'fundAmountYuan' | 'personsReceived',
): number {
  return list.reduce((a, c) => a + c[k], 0);
}

describe('a year-end report shaped like the bureau 2023 summary', () => {
  it('reproduces the seed figures for the district', () => {
    expect(district).toMatchObject({
      visits: 3575,
      condolences: 3425,
      fundAidedPersons: 15,
      fundAmountYuan: 30_000,
      volunteerActivities: 179,
      volunteerParticipations: 489,
      volunteerPeopleServed: 3989,
      personsReceived: 37,
    });
  });

  it('reproduces 13 spring and 24 autumn soldiers received by half-year', () => {
    const h1 = summarize(org, year, { from: '2023-01-01', to: '2023-06-30', unitId: '440310000000' });
    const h2 = summarize(org, year, { from: '2023-07-01', to: '2023-12-31', unitId: '440310000000' });
    expect([h1.personsReceived, h2.personsReceived]).toEqual([13, 24]);
  });

  it('keeps the sum rules at every unit of the tree', () => {
    const rows = flattenSummary(district).map((r) => r.summary);
    expect(rows).toHaveLength(1 + 6 + 23);
    for (const s of rows) {
      const cs = s.children;
      // Records that hang off a community add up exactly from the children.
      if (cs.length > 0) {
        expect(s.visits).toBe(sum(cs, 'visits'));
        expect(s.condolences).toBe(sum(cs, 'condolences'));
        expect(s.fundAmountYuan).toBeCloseTo(sum(cs, 'fundAmountYuan'), 2);
        expect(s.personsReceived).toBe(sum(cs, 'personsReceived'));
        // Distinct persons: never more than the children's sum.
        expect(s.fundAidedPersons).toBeLessThanOrEqual(cs.reduce((a, c) => a + c.fundAidedPersons, 0));
        // Activities: the unit's own team plus the children's.
        expect(s.volunteerActivities).toBeGreaterThanOrEqual(
          cs.reduce((a, c) => a + c.volunteerActivities, 0),
        );
      }
      expect(Object.values(s.visitsByCampaign).reduce((a, b) => a + b, 0)).toBe(s.visits);
      expect(Object.values(s.activitiesByTheme).reduce((a, b) => a + b, 0)).toBe(s.volunteerActivities);
    }
    const ownDistrictActivities = year.activities
      ? [...year.activities].filter((a) => a.unitId === '440310000000').length
      : 0;
    expect(district.volunteerActivities).toBe(
      ownDistrictActivities + district.children.reduce((a, c) => a + c.volunteerActivities, 0),
    );
  });

  it('adds up the quarters to the year for every additive figure', () => {
    const qs = [
      ['2023-01-01', '2023-03-31'],
      ['2023-04-01', '2023-06-30'],
      ['2023-07-01', '2023-09-30'],
      ['2023-10-01', '2023-12-31'],
    ].map(([from, to]) => summarize(org, year, { from: from ?? '', to: to ?? '', unitId: '440310000000' }));
    for (const k of ['visits', 'condolences', 'volunteerActivities', 'volunteerPeopleServed'] as const) {
      expect(qs.reduce((a, q) => a + q[k], 0)).toBe(district[k]);
    }
    expect(qs.reduce((a, q) => a + q.fundAmountYuan, 0)).toBeCloseTo(district.fundAmountYuan, 2);
  });
});
