import { describe, expect, it } from 'vitest';
import { fieldChanges } from '../../src/model/revisions.ts';

describe('building a revision', () => {
  it('[P18] keeps the written fields whose value changed, old → new, and drops bookkeeping and no-op writes', () => {
    const before = { visitors: '李社工', date: '2026-11-01', photos: ['a'], updatedAt: 't1' };
    const after = {
      visitors: '李社工、张书记',
      date: '2026-11-01',
      photos: ['a'],
      updatedAt: 't2',
      voidReason: '录错',
    };
    expect(fieldChanges(before, after, ['visitors', 'date', 'photos', 'updatedAt', 'voidReason'])).toEqual([
      { field: 'visitors', from: '李社工', to: '李社工、张书记' },
      { field: 'voidReason', from: null, to: '录错' },
    ]);
  });

  it('[P18] a field the change did not write is not in its revision, even when it differs', () => {
    expect(fieldChanges({ a: 1, b: 1 }, { a: 2, b: 2 }, ['a'])).toEqual([{ field: 'a', from: 1, to: 2 }]);
  });
});
