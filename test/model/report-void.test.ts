import { describe, expect, it } from 'vitest';
import { visitSchema } from '../../src/model/records/visit.ts';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';
import { summarize } from '../../src/model/report.ts';
import { reportProjection } from '../../src/server/reports/projection.ts';
import { activity, condolence, visit } from './report-fixtures.ts';

const org = new OrgIndex(pingshanTree());
const STREET = '440310001000';
const C11 = '440310001001';
const Q = { from: '2023-01-01', to: '2023-12-31', unitId: STREET };
const VOID = { voidedAt: '2026-12-01T08:00:00Z', voidedBy: 'u1', voidReason: '录错了人' };

describe('voided records', () => {
  it('[R4] a voided visit, condolence or activity counts in no figure; the others count as before', () => {
    const records = {
      visits: [visit(C11, '2023-03-01'), visit(C11, '2023-03-02', VOID)],
      condolences: [
        condolence(C11, '2023-03-01', { cashFen: 10_000 }),
        condolence(C11, '2023-03-02', { cashFen: 90_000, goodsValueFen: 5_000, ...VOID }),
        condolence(C11, '2023-03-03', { personId: null, unitName: '驻军', cashFen: 7_000, ...VOID }),
      ],
      activities: [activity(STREET, '2023-03-01'), activity(STREET, '2023-03-02', { ...VOID, hours: 9 })],
    };
    const s = summarize(org, records, Q);
    const withoutVoided = summarize(
      org,
      {
        visits: records.visits.slice(0, 1),
        condolences: records.condolences.slice(0, 1),
        activities: records.activities.slice(0, 1),
      },
      Q,
    );
    expect(s).toEqual(withoutVoided);
    expect([
      s.visits,
      s.condolences,
      s.condolencesToUnits,
      s.condolenceCashYuan,
      s.volunteerActivities,
    ]).toEqual([1, 1, 0, 100, 1]);
  });

  it('[R4] the server keeps no report projection of a voided record', () => {
    expect(reportProjection('visit', visit(C11, '2023-03-01'))).not.toBeNull();
    expect(reportProjection('visit', visit(C11, '2023-03-01', VOID))).toBeNull();
    expect(reportProjection('activity', activity(STREET, '2023-03-01', VOID))).toBeNull();
  });

  it('[R4] a void needs its reason; a record without void fields stays valid', () => {
    expect(visitSchema.safeParse(visit(C11, '2023-03-01')).success).toBe(true);
    const r = visitSchema.safeParse(visit(C11, '2023-03-01', { voidedAt: '2026-12-01T08:00:00Z' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('请填写作废原因');
  });
});
