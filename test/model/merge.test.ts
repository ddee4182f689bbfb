import { describe, expect, it } from 'vitest';
import { mergeFields } from '../../src/model/merge.ts';

describe('per-field merge in server order', () => {
  it('[P10] fields another user changed after the base are overwritten and reported', () => {
    const created = mergeFields(null, { status: '登记', urgency: '一般' }, 0, 1, 'alice');
    const bob = mergeFields(created, { status: '已转介' }, 1, 2, 'bob');
    expect(bob.overwritten).toEqual([]);
    const carol = mergeFields(bob, { status: '已申请基金', urgency: '紧急' }, 1, 3, 'carol');
    expect(carol.data).toEqual({ status: '已申请基金', urgency: '紧急' });
    expect(carol.overwritten).toEqual([
      {
        field: 'status',
        overwrittenValue: '已转介',
        overwrittenBy: 'bob',
        overwrittenVersion: 2,
        appliedValue: '已申请基金',
      },
    ]);
  });

  it('[P10] an edit based on the latest version overwrites without a conflict', () => {
    const a = mergeFields(null, { x: 1 }, 0, 1, 'alice');
    const b = mergeFields(a, { x: 2 }, 1, 2, 'bob');
    const c = mergeFields(b, { x: 3 }, 2, 3, 'alice');
    expect(c.overwritten).toEqual([]);
  });

  it('does not mutate its inputs', () => {
    const a = mergeFields(null, { x: 1 }, 0, 1, 'alice');
    const snapshot = JSON.stringify(a);
    mergeFields(a, { x: 2 }, 0, 2, 'bob');
    expect(JSON.stringify(a)).toBe(snapshot);
  });
});
