import { describe, expect, it } from 'vitest';
import { checkIdNumber, idCheckChar, maskIdNumber } from '../../src/model/id-number.ts';

describe('resident ID numbers (GB 11643-1999)', () => {
  it('accepts the docs/domain.md example and reads birth date and sex from it', () => {
    expect(checkIdNumber('34052419800101001X')).toEqual({
      ok: true,
      value: '34052419800101001X',
      birthDate: '1980-01-01',
      sex: '男',
    });
  });

  it('accepts a lower-case x as the check character', () => {
    expect(checkIdNumber('34052419800101001x').ok).toBe(true);
  });

  it('refuses a wrong check character with a message about the check digit', () => {
    const r = checkIdNumber('340524198001010011');
    expect(r).toEqual({ ok: false, message: '身份证号校验位不正确，请核对' });
  });

  it('refuses an impossible birth date even when the check character fits', () => {
    const first17 = '34052419810229001'; // 1981 was not a leap year
    const r = checkIdNumber(first17 + idCheckChar(first17));
    expect(r).toEqual({ ok: false, message: '身份证号中的出生日期不存在' });
  });

  it('refuses wrong lengths and letters', () => {
    expect(checkIdNumber('3405241980010100').ok).toBe(false);
    expect(checkIdNumber('34052419800101001A').ok).toBe(false);
    expect(checkIdNumber('').ok).toBe(false);
  });

  it('masks all but the area code and the last four characters', () => {
    expect(maskIdNumber('34052419800101001X')).toBe('340524********001X');
  });
});
