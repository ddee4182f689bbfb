import { checkIdNumber } from '../../model/id-number.ts';
import { checkMobile } from '../../model/mobile.ts';
import type { NewRecord } from '../../db/repository.ts';
import type { Person } from '../../model/records/person.ts';
import {
  CONTACT_TIERS,
  PERSON_CATEGORIES,
  PERSON_STATUSES,
  PRIORITY_FLAGS,
  SEXES,
} from '../../model/vocab.ts';
import {
  idNumberError,
  mobileError,
  optionalDateError,
  put,
  required,
  type Errors,
} from '../forms/checks.ts';

/** The person form's values: strings as typed, so bad input is never lost. */
export interface PersonValues extends Record<string, string | string[]> {
  name: string;
  sex: string;
  idNumber: string;
  mobile: string;
  address: string;
  communityId: string;
  categories: string[];
  priorityFlags: string[];
  contactTier: string;
  householdNotes: string;
  status: string;
  receivedDate: string;
}

export function emptyPerson(communityId: string): PersonValues {
  return {
    name: '',
    sex: '',
    idNumber: '',
    mobile: '',
    address: '',
    communityId,
    categories: [],
    priorityFlags: [],
    contactTier: '普遍联系',
    householdNotes: '',
    status: '在册',
    receivedDate: '',
  };
}

export function personToValues(p: Person): PersonValues {
  return {
    name: p.name,
    sex: p.sex,
    idNumber: p.idNumber,
    mobile: p.mobile ?? '',
    address: p.address,
    communityId: p.communityId,
    categories: [...p.categories],
    priorityFlags: [...p.priorityFlags],
    contactTier: p.contactTier,
    householdNotes: p.householdNotes,
    status: p.status,
    receivedDate: p.receivedDate ?? '',
  };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** Checks the values; the record fields when they pass. */
export function checkPerson(
  v: PersonValues,
): { ok: true; input: NewRecord<'person'> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  put(errors, 'name', required(v.name, '请填写姓名'));
  put(errors, 'idNumber', idNumberError(v.idNumber));
  put(errors, 'sex', required(v.sex, '请选择性别'));
  const id = checkIdNumber(v.idNumber);
  if (id.ok && v.sex && v.sex !== id.sex) put(errors, 'sex', '性别与身份证号不符');
  put(errors, 'mobile', mobileError(v.mobile));
  put(errors, 'communityId', required(v.communityId, '请选择所属社区'));
  put(errors, 'receivedDate', optionalDateError(v.receivedDate, '接收日期'));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const mobile = v.mobile.trim() ? checkMobile(v.mobile) : null;
  if (!oneOf(SEXES, v.sex) || !oneOf(CONTACT_TIERS, v.contactTier) || !oneOf(PERSON_STATUSES, v.status)) {
    return { ok: false, errors: { sex: '请选择性别' } };
  }
  return {
    ok: true,
    input: {
      name: v.name.trim(),
      sex: v.sex,
      idNumber: id.ok ? id.value : v.idNumber,
      mobile: mobile?.ok ? mobile.value : null,
      address: v.address.trim(),
      communityId: v.communityId,
      categories: v.categories.filter((c) => oneOf(PERSON_CATEGORIES, c)),
      priorityFlags: v.priorityFlags.filter((c) => oneOf(PRIORITY_FLAGS, c)),
      contactTier: v.contactTier,
      householdNotes: v.householdNotes,
      status: v.status,
      receivedDate: v.receivedDate.trim() || null,
    },
  };
}
