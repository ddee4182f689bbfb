import { describe, expect, it } from 'vitest';
import { pingshanTree, visitTriggersError, visitTriggersOf } from '../../src/model/org.ts';
import { DEFAULT_TRIGGERS } from '../../src/model/vocab.ts';
import { orgTreeSchema } from '../../src/protocol/org.ts';

const messageOf = (input: unknown) => {
  const r = orgTreeSchema.safeParse(input);
  return r.success ? null : r.error.issues.map((i) => i.message);
};

describe('the 六必访 trigger list in the org tree', () => {
  it('a tree without a list (stored, cached or sent before the setting) is valid and means the default', () => {
    const old = pingshanTree();
    expect('visitTriggers' in old).toBe(false);
    const parsed = orgTreeSchema.parse(JSON.parse(JSON.stringify(old)));
    expect(parsed.visitTriggers).toBeUndefined();
    expect(visitTriggersOf(parsed)).toEqual(DEFAULT_TRIGGERS);
  });

  it('a configured list travels with the tree, its labels trimmed', () => {
    const parsed = orgTreeSchema.parse({ ...pingshanTree(), visitTriggers: [' 重大节日', '老兵生日 '] });
    expect(parsed.visitTriggers).toEqual(['重大节日', '老兵生日']);
    expect(visitTriggersOf(parsed)).toEqual(['重大节日', '老兵生日']);
  });

  it('rejects an empty list, more than 12, a blank label, one past 40 characters and a label twice', () => {
    const tree = pingshanTree();
    expect(messageOf({ ...tree, visitTriggers: [] })).toEqual(['六必访情形至少要有一项']);
    const thirteen = Array.from({ length: 13 }, (_, i) => `情形${i + 1}`);
    expect(messageOf({ ...tree, visitTriggers: thirteen })).toEqual(['六必访情形最多12项']);
    expect(messageOf({ ...tree, visitTriggers: ['重大节日', '  '] })).toEqual(['第2项六必访情形为空']);
    const long = '很'.repeat(41);
    expect(messageOf({ ...tree, visitTriggers: [long] })).toEqual([`六必访情形“${long}”超过40个字`]);
    expect(messageOf({ ...tree, visitTriggers: ['生病住院', ' 生病住院'] })).toEqual([
      '六必访情形“生病住院”重复',
    ]);
    expect(messageOf({ ...tree, visitTriggers: '重大节日' })).not.toBeNull();
    expect(messageOf({ ...tree, visitTriggers: [1] })).not.toBeNull();
  });

  it('accepts exactly 12 labels of exactly 40 characters', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `${String(i).padStart(2, '0')}${'情'.repeat(38)}`);
    expect(visitTriggersError(twelve)).toBeNull();
    expect(messageOf({ ...pingshanTree(), visitTriggers: twelve })).toBeNull();
  });

  it('a device reading a cached tree with a damaged list falls back to the default rather than failing', () => {
    const damaged = [{ visitTriggers: [] }, { visitTriggers: 'x' }, { visitTriggers: ['a', 'a'] }, {}];
    for (const tree of damaged)
      expect(visitTriggersOf(tree as { visitTriggers?: string[] })).toEqual(DEFAULT_TRIGGERS);
  });
});
