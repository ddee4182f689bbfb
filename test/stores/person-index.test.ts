import { describe, expect, it } from 'vitest';
import { PersonIndex, type PersonRow } from '../../src/stores/person-index.ts';

function row(id: string, name: string, idNumber: string, mobile: string | null): PersonRow {
  return { id, name, idNumber, mobile, communityId: 'c', status: '在册', contactTier: '普遍联系' };
}

const rows = [
  row('1', '张建国', '34052419800101001X', '13812341234'),
  row('2', '李红梅', '440310197503150028', '13900005678'),
  row('3', '王建军', '440310196812120015', null),
];

describe('person search index', () => {
  it('an empty query lists everyone in name order', () => {
    const index = new PersonIndex(rows);
    expect(index.search('').map((r) => r.id)).toHaveLength(3);
    expect(index.search('  ').length).toBe(3);
  });

  it('a part of a name finds the persons whose name contains it', () => {
    const index = new PersonIndex(rows);
    expect(
      index
        .search('建')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['张建国', '王建军'].sort());
    expect(index.search('红梅').map((r) => r.id)).toEqual(['2']);
  });

  it('the last digits of an ID number find the person, with a lower-case x too', () => {
    const index = new PersonIndex(rows);
    expect(index.search('001x').map((r) => r.id)).toEqual(['1']);
    expect(index.search('0015').map((r) => r.id)).toEqual(['3']);
  });

  it('the last digits of a mobile find the person', () => {
    const index = new PersonIndex(rows);
    expect(index.search('5678').map((r) => r.id)).toEqual(['2']);
  });

  it('digits in the middle of a number do not match (tails only)', () => {
    const index = new PersonIndex(rows);
    expect(index.search('1981')).toEqual([]);
  });

  it('with() adds, replaces and removes a person without touching the original index', () => {
    const index = new PersonIndex(rows);
    const added = index.with('4', row('4', '赵四', '440310199001010011', '13700001111'));
    expect(added.search('赵四').map((r) => r.id)).toEqual(['4']);
    expect(index.search('赵四')).toEqual([]);
    const renamed = added.with('4', row('4', '赵五', '440310199001010011', '13700001111'));
    expect(renamed.search('赵四')).toEqual([]);
    expect(renamed.with('4', null).size).toBe(3);
  });

  it('answers over 20,000 persons (the bench measures the time)', () => {
    const many: PersonRow[] = [];
    for (let i = 0; i < 20_000; i++) {
      many.push(
        row(
          String(i),
          `姓名${i}`,
          `4403101980010${String(i).padStart(5, '0')}`,
          `139${String(i).padStart(8, '0')}`,
        ),
      );
    }
    const index = new PersonIndex(many);
    expect(index.search('姓名19999').map((r) => r.id)).toEqual(['19999']);
    expect(index.search('00019999').map((r) => r.id)).toEqual(['19999']);
  });
});
