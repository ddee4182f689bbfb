import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/model/dates.ts';

describe('chinaDate', () => {
  it('turns at midnight China time (16:00 UTC), also when the same day was asked just before', () => {
    expect(chinaDate(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(chinaDate(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
    expect(chinaDate(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(chinaDate(new Date('2026-12-01T15:59:59.999Z'))).toBe('2026-12-01');
    expect(chinaDate(new Date('1969-12-31T15:00:00.000Z'))).toBe('1969-12-31');
    expect(chinaDate(new Date('1969-12-31T16:00:00.000Z'))).toBe('1970-01-01');
  });

  it('refuses an invalid instant as before', () => {
    expect(() => chinaDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
