import { describe, expect, it } from 'vitest';
import { activitySchema } from '../../src/model/records/activity.ts';
import { condolenceSchema } from '../../src/model/records/condolence.ts';
import { locationSchema, locationText } from '../../src/model/records/location.ts';
import { needSchema } from '../../src/model/records/need.ts';
import { visitSchema } from '../../src/model/records/visit.ts';
import { activity, condolence, need, visit } from './report-fixtures.ts';

const C11 = '440310001001';
const OK = {
  status: 'ok',
  lat: 22.7084,
  lng: 114.3461,
  accuracyM: 12,
  at: '2026-12-01T08:00:00.000Z',
} as const;

describe('record location', () => {
  it('[S11] visits, 慰问, needs and activities take an optional location and stay valid without one', () => {
    const cases = [
      [visitSchema, visit(C11, '2026-11-20')],
      [condolenceSchema, condolence(C11, '2026-11-20')],
      [needSchema, need(C11, '2026-11-20')],
      [activitySchema, activity(C11, '2026-11-20')],
    ] as const;
    for (const [schema, record] of cases) {
      expect(schema.safeParse(record).success).toBe(true);
      expect(schema.safeParse({ ...record, location: OK }).success).toBe(true);
      expect(schema.safeParse({ ...record, location: { status: 'denied' } }).success).toBe(true);
      expect(schema.safeParse({ ...record, location: { status: 'ok', lat: 22.7 } }).success).toBe(false);
    }
  });

  it('[S11] a location out of range, with a negative accuracy or an unknown status is refused', () => {
    expect(locationSchema.safeParse(OK).success).toBe(true);
    expect(locationSchema.safeParse({ ...OK, lat: 90.0001 }).success).toBe(false);
    expect(locationSchema.safeParse({ ...OK, lng: -180.5 }).success).toBe(false);
    expect(locationSchema.safeParse({ ...OK, accuracyM: -1 }).success).toBe(false);
    expect(locationSchema.safeParse({ ...OK, accuracyM: 3.5 }).success).toBe(false);
    expect(locationSchema.safeParse({ status: 'refused' }).success).toBe(false);
    for (const status of ['denied', 'unavailable', 'timeout']) {
      expect(locationSchema.safeParse({ status }).success).toBe(true);
    }
  });

  it('[S11] a location reads as coordinates with accuracy in metres, a failure as why there is none', () => {
    expect(locationText(OK)).toBe('22.708400, 114.346100（±12 米）');
    expect(locationText({ status: 'denied' })).toBe('未记录位置（未获定位权限）');
    expect(locationText({ status: 'timeout' })).toBe('未记录位置（定位超时）');
    expect(locationText({ status: 'hidden' })).toBe('已记录位置（仅街道、区级可见）');
  });
});
