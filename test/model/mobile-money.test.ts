import { describe, expect, it } from 'vitest';
import { checkMobile, maskMobile } from '../../src/model/mobile.ts';
import { fenToYuan, parseYuan } from '../../src/model/money.ts';

describe('mainland mobile numbers', () => {
  it('accepts 11 digits starting 13–19 and drops +86 / 0086', () => {
    expect(checkMobile('13812341234')).toEqual({ ok: true, value: '13812341234' });
    expect(checkMobile('+86 138-1234-1234')).toEqual({ ok: true, value: '13812341234' });
    expect(checkMobile('008613812341234')).toEqual({ ok: true, value: '13812341234' });
  });

  it('refuses numbers starting 12 or with the wrong length', () => {
    expect(checkMobile('12812341234').ok).toBe(false);
    expect(checkMobile('1381234123').ok).toBe(false);
  });

  it('masks the middle four digits', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
  });
});

describe('money', () => {
  it('stores yuan as integer fen without floating point', () => {
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 });
    expect(parseYuan('1,234.5')).toEqual({ ok: true, fen: 123450 });
    expect(parseYuan('￥500')).toEqual({ ok: true, fen: 50000 });
  });

  it('refuses more than two decimals, negatives and words', () => {
    expect(parseYuan('1.234')).toEqual({ ok: false, message: '金额最多保留两位小数' });
    expect(parseYuan('-5').ok).toBe(false);
    expect(parseYuan('五百').ok).toBe(false);
  });

  it('prints fen as yuan with two decimals', () => {
    expect(fenToYuan(123450)).toBe('1234.50');
    expect(fenToYuan(5)).toBe('0.05');
  });
});
