import { describe, expect, it } from 'vitest';
import { pingshanTree, OrgIndex } from '../../src/model/org.ts';
import { ReportError, flattenSummary, summarize, type ReportSummary } from '../../src/model/report.ts';
import { activity, condolence, need, needStep, person, visit } from './report-fixtures.ts';

const tree = pingshanTree();
const DISTRICT = '440310000000';
const STREET1 = '440310001000';
const C11 = '440310001001';
const C12 = '440310001002';
const STREET2 = '440310002000';
const C21 = '440310002001';
const YEAR = { from: '2023-01-01', to: '2023-12-31' };

function child(s: ReportSummary, id: string): ReportSummary {
  const c = flattenSummary(s).find((r) => r.summary.unit.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c.summary;
}

describe('the report aggregation', () => {
  // Hand-computed: every figure below is counted by hand from the records listed.
  const aidedNeed = need(C11, '2023-03-01', {
    status: '已办结',
    amountGrantedFen: 200_000,
    grantDate: '2023-04-01',
    closedDate: '2023-05-01',
  });
  const samePersonSecondGrant = need(C11, '2023-06-01', {
    personId: aidedNeed.personId,
    status: '已帮扶',
    amountGrantedFen: 50_050,
    grantDate: '2023-12-31',
  });
  const appliedOnly = need(C12, '2023-02-01', {
    status: '已申请基金',
    amountGrantedFen: 100_000,
    grantDate: '2023-02-10',
  });
  const grantedLastYear = need(C21, '2022-11-01', {
    status: '已帮扶',
    amountGrantedFen: 300_000,
    grantDate: '2022-12-31',
  });
  const declined = need(C21, '2023-01-01', { status: '不予帮扶', closedDate: '2024-01-01' });
  const records = {
    persons: [
      person(C11, { receivedDate: '2023-03-15' }),
      person(C12, { receivedDate: '2023-10-20' }),
      person(C21, { receivedDate: '2024-01-01' }),
      person(C21, { receivedDate: null }),
    ],
    visits: [
      visit(C11, '2023-01-01'),
      visit(C11, '2023-06-30', { campaign: '六必访', trigger: '生病住院' }),
      visit(C12, '2023-12-31', { campaign: '常态化联系', method: '电话' }),
      visit(C21, '2022-12-31'),
      visit(C21, '2024-01-01'),
      visit(C21, '2023-07-01', { campaign: '其他' }),
    ],
    condolences: [
      condolence(C11, '2023-01-20', { cashFen: 50_000, goods: '米油', goodsValueFen: 12_345 }),
      condolence(C11, '2023-08-01', { occasion: '八一', cashFen: 30_000 }),
      condolence(C21, '2023-08-01', { personId: null, unitName: '某部队', cashFen: 100_000 }),
      condolence(C21, '2024-01-01', { cashFen: 99_999 }),
    ],
    needs: [aidedNeed, samePersonSecondGrant, appliedOnly, grantedLastYear, declined],
    needSteps: [needStep(aidedNeed, '已帮扶', '2023-04-01')],
    activities: [
      activity(DISTRICT, '2023-05-04', {
        theme: '思想政治教育',
        volunteerCount: 10,
        peopleServed: 100,
        hours: 2.5,
      }),
      activity(STREET1, '2023-03-05', {
        theme: '暖心服务',
        warmServiceKind: '思想疏导',
        volunteerCount: 3,
        peopleServed: 7,
        hours: 1.25,
      }),
      activity(C11, '2023-09-30', { theme: '环境保护', volunteerCount: 5, peopleServed: 40, hours: 3 }),
      activity(C21, '2023-12-31', { theme: '安全宣讲', volunteerCount: 2, peopleServed: 20, hours: 0.1 }),
      activity(C21, '2024-01-01', { volunteerCount: 99, peopleServed: 99, hours: 99 }),
    ],
  };

  it('computes every figure of the district for a year by hand', () => {
    const s = summarize(tree, records, { ...YEAR, unitId: DISTRICT });
    expect(s).toMatchObject({
      from: '2023-01-01',
      to: '2023-12-31',
      unit: { id: DISTRICT, name: '坪山区', level: 'district' },
      visits: 4,
      visitsByCampaign: { 大走访: 1, 六必访: 1, 常态化联系: 1, 其他: 1 },
      condolences: 2,
      condolencesToUnits: 1,
      condolenceCashYuan: 1800,
      condolenceGoodsYuan: 123.45,
      fundAidedPersons: 1,
      fundAmountYuan: 2500.5,
      needsOpened: 4,
      needsClosed: 1,
      volunteerActivities: 4,
      activitiesByTheme: { 文明出行: 0, 环境保护: 1, 安全宣讲: 1, 思想政治教育: 1, 暖心服务: 1, 其他: 0 },
      volunteerParticipations: 20,
      volunteerPeopleServed: 167,
      volunteerHours: 6.85,
      personsReceived: 2,
    });
    expect(s.children.map((c) => c.unit.name)).toEqual([
      '坪山街道',
      '马峦街道',
      '碧岭街道',
      '石井街道',
      '坑梓街道',
      '龙田街道',
    ]);
  });

  it('computes a street with its own activities and its communities', () => {
    const s = summarize(tree, records, { ...YEAR, unitId: STREET1 });
    expect(s.unit).toEqual({ id: STREET1, name: '坪山街道', level: 'street' });
    expect(s.visits).toBe(3);
    expect(s.volunteerActivities).toBe(2);
    expect(s.fundAmountYuan).toBe(2500.5);
    expect(s.personsReceived).toBe(2);
    expect(s.children).toHaveLength(4);
    const c11 = child(s, C11);
    expect(c11).toMatchObject({ visits: 2, condolences: 2, condolenceCashYuan: 800, fundAidedPersons: 1 });
    expect(c11.children).toEqual([]);
    const street2 = summarize(tree, records, { ...YEAR, unitId: STREET2 });
    expect(street2).toMatchObject({
      visits: 1,
      condolences: 0,
      condolencesToUnits: 1,
      condolenceCashYuan: 1000,
    });
    expect(street2.volunteerActivities).toBe(1);
  });

  it('includes both end dates and leaves out the day before and the day after', () => {
    const vs = [
      visit(C11, '2023-03-31'),
      visit(C11, '2023-04-01'),
      visit(C11, '2023-06-30'),
      visit(C11, '2023-07-01'),
    ];
    const s = summarize(tree, { visits: vs }, { from: '2023-04-01', to: '2023-06-30', unitId: C11 });
    expect(s.visits).toBe(2);
    const oneDay = summarize(tree, { visits: vs }, { from: '2023-04-01', to: '2023-04-01', unitId: C11 });
    expect(oneDay.visits).toBe(1);
  });

  it('counts each record kind by its own date', () => {
    const n = need(C11, '2023-01-31', {
      status: '已办结',
      amountGrantedFen: 100,
      grantDate: '2023-02-01',
      closedDate: '2023-03-01',
    });
    const feb = summarize(tree, { needs: [n] }, { from: '2023-02-01', to: '2023-02-28', unitId: C11 });
    expect(feb).toMatchObject({ needsOpened: 0, fundAidedPersons: 1, fundAmountYuan: 1, needsClosed: 0 });
    const mar = summarize(tree, { needs: [n] }, { from: '2023-03-01', to: '2023-03-31', unitId: C11 });
    expect(mar).toMatchObject({ needsOpened: 0, fundAidedPersons: 0, needsClosed: 1 });
  });

  it('counts a fund grant only once the need reached 已帮扶, by a step when the status moved on', () => {
    const n = need(C11, '2023-01-01', {
      status: '已申请基金',
      amountGrantedFen: 1000,
      grantDate: '2023-01-05',
    });
    const q = { ...YEAR, unitId: C11 };
    expect(summarize(tree, { needs: [n] }, q).fundAidedPersons).toBe(0);
    expect(
      summarize(tree, { needs: [n], needSteps: [needStep(n, '已帮扶', '2023-01-05')] }, q),
    ).toMatchObject({
      fundAidedPersons: 1,
      fundAmountYuan: 10,
    });
    const zero = need(C11, '2023-01-01', { status: '已帮扶', amountGrantedFen: 0, grantDate: '2023-01-05' });
    expect(summarize(tree, { needs: [zero] }, q).fundAidedPersons).toBe(0);
  });

  it('counts a deleted record no more and an updated record once, at its new date and community', () => {
    // The caller's store: deleting removes the record from the live set, updating replaces it.
    const live = new Map<string, ReturnType<typeof visit>>();
    const a = visit(C11, '2023-05-01');
    const b = visit(C11, '2023-05-02');
    live.set(a.id, a).set(b.id, b);
    const q = { ...YEAR, unitId: STREET1 };
    expect(summarize(tree, { visits: live.values() }, q).visits).toBe(2);
    live.delete(a.id);
    expect(summarize(tree, { visits: live.values() }, q).visits).toBe(1);
    live.set(b.id, { ...b, communityId: C12 });
    const moved = summarize(tree, { visits: live.values() }, q);
    expect([moved.visits, child(moved, C11).visits, child(moved, C12).visits]).toEqual([1, 0, 1]);
    live.set(b.id, { ...b, date: '2024-01-02' });
    expect(summarize(tree, { visits: live.values() }, q).visits).toBe(0);
  });

  it('ignores records of units outside the tree', () => {
    const s = summarize(
      tree,
      { visits: [visit('999999999999', '2023-05-01')] },
      { ...YEAR, unitId: DISTRICT },
    );
    expect(s.visits).toBe(0);
  });

  it('refuses a period that ends before it starts and an unknown unit', () => {
    expect(() => summarize(tree, {}, { from: '2023-02-01', to: '2023-01-31', unitId: DISTRICT })).toThrow(
      ReportError,
    );
    try {
      summarize(tree, {}, { ...YEAR, unitId: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReportError);
      expect((e as ReportError).reason).toBe('unknown_unit');
    }
  });

  it('accepts a prebuilt org index and one-shot iterators', () => {
    function* gen() {
      yield visit(C11, '2023-05-01');
    }
    expect(summarize(new OrgIndex(tree), { visits: gen() }, { ...YEAR, unitId: C11 }).visits).toBe(1);
  });
});
