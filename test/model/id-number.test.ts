import { describe, expect, it } from 'vitest';
import { checkIdNumber, idCheckChar, maskIdNumber, normalizeIdNumber } from '../../src/model/id-number.ts';
import { checkMobile } from '../../src/model/mobile.ts';
import { personSchema } from '../../src/model/records/person.ts';

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

  it('removes the spaces of a pasted number instead of cutting it, and checks the whole number', () => {
    const r = checkIdNumber(
      '440310 1958 0312 1230'.replace('1230', '123' + idCheckChar('44031019580312123')),
    );
    expect(r.ok && r.value).toBe('44031019580312123' + idCheckChar('44031019580312123'));
    expect(normalizeIdNumber(' 3405-2419 8001 01001x ')).toBe('34052419800101001X');
  });

  it('reads full-width digits and Ｘ as the number they are', () => {
    expect(checkIdNumber('３４０５２４１９８００１０１００１Ｘ')).toMatchObject({
      ok: true,
      value: '34052419800101001X',
    });
    expect(checkMobile('１３８ ００１３ ８０００')).toEqual({ ok: true, value: '13800138000' });
  });

  it('refuses a birth date after today or before 1900, even with a fitting check character', () => {
    const future = '44031020300101123';
    expect(checkIdNumber(future + idCheckChar(future), '2026-12-01')).toEqual({
      ok: false,
      message: '身份证号中的出生日期晚于今天，请核对',
    });
    expect(checkIdNumber('44031020300101123X', '2026-12-01').ok).toBe(false);
    const old = '44031018991231123';
    expect(checkIdNumber(old + idCheckChar(old)).ok).toBe(false);
    const born = '44031020261201123';
    expect(checkIdNumber(born + idCheckChar(born), '2026-12-01').ok).toBe(true);
    expect(checkIdNumber(born + idCheckChar(born), '2026-11-30').ok).toBe(false);
  });

  it('names the length it found when the number is not 18 characters', () => {
    expect(checkIdNumber('3405241980010100')).toEqual({
      ok: false,
      message: '身份证号应为18位数字，最后一位可为X（现为16位）',
    });
  });

  it('the person schema stores only the normalised spelling (one person, one file)', () => {
    const base = {
      id: '0b9d3c52-5d7e-4f7c-9f5e-2f7a1d9c8e11',
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'u1',
      updatedAt: '2026-01-01T00:00:00.000Z',
      name: '张卫国',
      sex: '男',
      mobile: null,
      address: '',
      communityId: 'c1',
      categories: [],
      priorityFlags: [],
      contactTier: '普遍联系',
      householdNotes: '',
      status: '在册',
      receivedDate: null,
    };
    expect(personSchema.safeParse({ ...base, idNumber: '34052419800101001X' }).success).toBe(true);
    expect(personSchema.safeParse({ ...base, idNumber: '340524 19800101001X' }).success).toBe(false);
  });
});
