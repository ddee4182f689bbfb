import { describe, expect, it } from 'vitest';
import { buildWorklist, currentRound, type WorklistInput } from '../../src/model/worklist.ts';
import { LUNAR_NEW_YEAR } from '../../src/model/worklist-holidays.ts';
import { condolence, need, person, visit } from './report-fixtures.ts';

const C = '440310001001';
const kinds = (input: WorklistInput, today: string) => buildWorklist(input, today).map((i) => i.kind);

describe('the must-visit worklist', () => {
  it('lists a 六必访 visit whose follow-up date has come, and a later visit clears it', () => {
    const p = person(C);
    const v = visit(C, '2026-05-01', {
      personId: p.id,
      campaign: '六必访',
      trigger: '生病住院',
      followUpDate: '2026-05-10',
    });
    expect(kinds({ persons: [p], visits: [v] }, '2026-05-09')).toEqual([]);
    const due = buildWorklist({ persons: [p], visits: [v] }, '2026-05-12');
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ kind: 'trigger', personId: p.id, since: '2026-05-10' });
    expect(due[0]?.reason).toBe('六必访「生病住院」：2026-05-01走访，约定2026-05-10回访，已逾期2天');
    const again = visit(C, '2026-05-12', { personId: p.id, campaign: '常态化联系', method: '电话' });
    expect(kinds({ persons: [p], visits: [v, again] }, '2026-05-12')).toEqual([]);
  });

  it('[R4] a voided visit clears nothing: the follow-up stays due', () => {
    const p = person(C);
    const v = visit(C, '2026-05-01', { personId: p.id, followUpDate: '2026-05-02' });
    const voided = visit(C, '2026-05-03', {
      personId: p.id,
      voidedAt: '2026-05-03T08:00:00Z',
      voidReason: '记错了人',
    });
    expect(kinds({ persons: [p], visits: [v, voided] }, '2026-05-04')).toEqual(['followUp']);
  });

  it('lists any other visit follow-up as followUp', () => {
    const p = person(C);
    const v = visit(C, '2026-05-01', { personId: p.id, followUpDate: '2026-05-02' });
    expect(kinds({ persons: [p], visits: [v] }, '2026-05-02')).toEqual(['followUp']);
  });

  it('keeps a 六必访 visit whose label the district removed from its list a 六必访 follow-up, label and all', () => {
    const p = person(C);
    const v = visit(C, '2026-05-01', {
      personId: p.id,
      campaign: '六必访',
      trigger: '生病住院',
      followUpDate: '2026-05-02',
    });
    const due = buildWorklist({ persons: [p], visits: [v] }, '2026-05-02', { triggers: ['家庭变故'] });
    expect(due.map((i) => i.kind)).toEqual(['trigger']);
    expect(due[0]?.reason).toBe('六必访「生病住院」：2026-05-01走访，约定2026-05-02回访，今天到期');
  });

  it('treats a visit of another campaign as 六必访 only when its label is in the configured list', () => {
    const p = person(C);
    const v = visit(C, '2026-05-01', {
      personId: p.id,
      campaign: '大走访',
      trigger: '老兵生日',
      followUpDate: '2026-05-02',
    });
    const input = { persons: [p], visits: [v] };
    expect(buildWorklist(input, '2026-05-02').map((i) => i.kind)).toEqual(['followUp']);
    expect(buildWorklist(input, '2026-05-02', { triggers: ['老兵生日'] }).map((i) => i.kind)).toEqual([
      'trigger',
    ]);
  });

  it('lists needs raised at a visit until a need is opened for the person', () => {
    const p = person(C);
    const v = visit(C, '2026-03-01', { personId: p.id, needsRaised: '医药费负担重' });
    expect(buildWorklist({ persons: [p], visits: [v] }, '2026-03-02')[0]).toMatchObject({
      kind: 'raisedNeed',
      reason: '2026-03-01走访时提出诉求「医药费负担重」，尚未登记帮扶需求',
    });
    const n = need(C, '2026-03-01', { personId: p.id });
    expect(kinds({ persons: [p], visits: [v], needs: [n] }, '2026-03-02')).toEqual([]);
  });

  it('lists an open need past its follow-up date until the person is visited on or after it', () => {
    const p = person(C);
    const n = need(C, '2026-01-05', {
      personId: p.id,
      status: '已转介',
      category: '医疗健康',
      followUpDate: '2026-02-01',
    });
    expect(kinds({ persons: [p], needs: [n] }, '2026-01-31')).toEqual([]);
    const items = buildWorklist({ persons: [p], needs: [n] }, '2026-02-03');
    expect(items[0]).toMatchObject({
      kind: 'need',
      needId: n.id,
      reason: '困难帮扶「医疗健康」（已转介）约定2026-02-01跟进，已逾期2天',
    });
    const before = visit(C, '2026-01-31', { personId: p.id });
    expect(kinds({ persons: [p], needs: [n], visits: [before] }, '2026-02-03')).toEqual(['need']);
    const after = visit(C, '2026-02-03', { personId: p.id });
    expect(kinds({ persons: [p], needs: [n], visits: [after] }, '2026-02-03')).toEqual([]);
    const closed = { ...n, status: '已办结' as const, closedDate: '2026-02-02' };
    expect(kinds({ persons: [p], needs: [closed] }, '2026-02-03')).toEqual([]);
  });

  it('lists a priority person due for the quarterly contact and the yearly home visit', () => {
    const p = person(C, { contactTier: '重点联系' });
    const items = buildWorklist({ persons: [p] }, '2026-05-20');
    expect(items.map((i) => i.kind)).toEqual(['quarterly', 'homeVisit']);
    expect(items[0]?.reason).toBe('重点联系对象：2026年第2季度尚未联系，请于2026-06-30前联系');
    expect(items[1]?.reason).toBe('重点联系对象：2026年尚未入户走访（尚无入户走访记录）');
    const phone = visit(C, '2026-04-01', { personId: p.id, method: '电话' });
    expect(kinds({ persons: [p], visits: [phone] }, '2026-05-20')).toEqual(['homeVisit']);
    const lastQuarter = visit(C, '2026-03-31', { personId: p.id });
    expect(kinds({ persons: [p], visits: [lastQuarter] }, '2026-05-20')).toEqual(['quarterly']);
    const home = visit(C, '2026-05-20', { personId: p.id });
    expect(kinds({ persons: [p], visits: [home] }, '2026-05-20')).toEqual([]);
    expect(kinds({ persons: [person(C)] }, '2026-05-20')).toEqual([]);
  });

  it('opens the 春节 and 八一 rounds within the lead days and closes them by a visit or a condolence', () => {
    const p = person(C, { contactTier: '重点联系' });
    const home = visit(C, '2026-01-10', { personId: p.id });
    // 春节 2027 is 2027-02-06; with 20 lead days the round opens 2027-01-17.
    const homeJan = visit(C, '2027-01-05', { personId: p.id });
    expect(kinds({ persons: [p], visits: [homeJan] }, '2027-01-16')).toEqual([]);
    expect(kinds({ persons: [p], visits: [homeJan] }, '2027-01-17')).toEqual(['holiday']);
    expect(buildWorklist({ persons: [p], visits: [homeJan] }, '2027-02-06')[0]?.reason).toBe(
      '春节（2027-02-06）走访慰问：重点联系对象，本轮尚未走访或慰问',
    );
    expect(kinds({ persons: [p], visits: [homeJan] }, '2027-02-07')).toEqual([]);
    const gift = condolence(C, '2027-01-20', { personId: p.id });
    expect(kinds({ persons: [p], visits: [homeJan], condolences: [gift] }, '2027-01-25')).toEqual([]);
    // 八一 2026: the July home visit before the window does not count for the round.
    const july = visit(C, '2026-07-01', { personId: p.id });
    expect(kinds({ persons: [p], visits: [home, july] }, '2026-07-25')).toEqual(['holiday']);
    const round = currentRound('2026-07-25');
    expect(round).toEqual({ name: '八一', date: '2026-08-01', opens: '2026-07-12' });
  });

  it('leaves out moved-out and deceased persons and records of persons not passed in', () => {
    const gone = person(C, { status: '去世', contactTier: '重点联系' });
    const moved = person(C, { status: '迁出', contactTier: '重点联系' });
    const v = visit(C, '2026-05-01', { followUpDate: '2026-05-02' });
    expect(buildWorklist({ persons: [gone, moved], visits: [v] }, '2026-05-20')).toEqual([]);
  });

  it('ignores visits dated after today', () => {
    const p = person(C, { contactTier: '重点联系' });
    const future = visit(C, '2026-06-01', { personId: p.id });
    expect(kinds({ persons: [p], visits: [future] }, '2026-05-20')).toEqual(['quarterly', 'homeVisit']);
  });

  it('orders items by urgency of kind, then by due date', () => {
    const a = person(C, { contactTier: '重点联系', name: '甲' });
    const b = person(C, { name: '乙' });
    const v = visit(C, '2026-05-01', {
      personId: b.id,
      campaign: '六必访',
      trigger: '家庭变故',
      followUpDate: '2026-05-03',
    });
    expect(kinds({ persons: [a, b], visits: [v] }, '2026-05-20')).toEqual([
      'trigger',
      'quarterly',
      'homeVisit',
    ]);
  });

  it('knows 春节 for every year from 2024 to 2035', () => {
    for (let y = 2024; y <= 2035; y++) {
      const d = LUNAR_NEW_YEAR[y];
      expect(d?.startsWith(`${y}-0`)).toBe(true);
      expect(d && d >= `${y}-01-21` && d <= `${y}-02-20`).toBe(true);
    }
  });
});
