import { describe, expect, it } from 'vitest';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';
import { planHistoryImport, readJsonLines, type HistoryContext } from '../../src/server/import/history.ts';
import { person, visit } from '../model/report-fixtures.ts';

const org = new OrgIndex(pingshanTree());
const p = person('440310001001', { idNumber: '34052419800101001X' });

function ctx(existing: HistoryContext['existing'] = new Map()): HistoryContext {
  return {
    org,
    personsById: new Map([[p.id, p]]),
    personsByIdNumber: new Map([[p.idNumber, p]]),
    existing,
    actorId: 'admin',
    now: '2026-11-28T00:00:00.000Z',
  };
}

const v = (over: Record<string, unknown> = {}) => {
  const {
    id: _id,
    createdAt: _c,
    createdBy: _b,
    updatedAt: _u,
    personId: _p,
    communityId: _cm,
    ...rest
  } = visit('440310001001', '2023-05-01');
  return JSON.stringify({ kind: 'visit', ...rest, personIdNumber: p.idNumber, ...over });
};
const lines = (...ls: string[]) => readJsonLines(new TextEncoder().encode(ls.join('\n')));

describe('history import from JSON lines', () => {
  it('resolves the person by ID number and takes the community from the person', () => {
    const plan = planHistoryImport(lines(v()), ctx());
    expect(plan.errors).toEqual([]);
    expect(plan.creates[0]?.record).toMatchObject({
      personId: p.id,
      communityId: '440310001001',
      date: '2023-05-01',
    });
  });

  it('gives a line without id the same id on every import, so a re-import updates nothing', () => {
    const first = planHistoryImport(lines(v()), ctx());
    const rec = first.creates[0]?.record;
    expect(rec).toBeDefined();
    const again = planHistoryImport(lines(v()), ctx(new Map([[rec!.id, { kind: 'visit', data: rec! }]])));
    expect([again.creates.length, again.updates.length, again.unchanged]).toEqual([0, 0, 1]);
  });

  it('reports bad lines by line number and field', () => {
    const plan = planHistoryImport(
      lines(
        v(),
        '{not json',
        v({ personIdNumber: '110101199003070000' }),
        JSON.stringify({ kind: 'spaceship' }),
        v({ date: '2023-02-30' }),
        v({ visitors: '=HYPERLINK("x")' }),
        JSON.stringify({ kind: 'activity', teamId: 'team-nope' }),
      ),
      ctx(),
    );
    expect(plan.errors.map((e) => [e.row, e.column])).toEqual([
      [2, null],
      [3, 'personIdNumber'],
      [4, 'kind'],
      [5, 'date'],
      [6, 'visitors'],
      [7, 'teamId'],
    ]);
    expect(plan.creates).toHaveLength(1);
  });

  it('refuses a need step whose need is neither stored nor in the file', () => {
    const step = JSON.stringify({
      kind: 'needStep',
      needId: '00000000-0000-7000-8000-999999999999',
      personIdNumber: p.idNumber,
      from: null,
      to: '登记',
      date: '2023-01-01',
      note: '',
      byName: '王',
      fundSource: null,
      amountFen: null,
    });
    expect(planHistoryImport(lines(step), ctx()).errors).toEqual([
      { row: 1, column: 'needId', message: '没有该困难帮扶需求' },
    ]);
  });
});
