import type { NewRecord } from '../../db/repository.ts';
import { NEED_CATEGORIES, URGENCIES } from '../../model/vocab.ts';
import { optionalDateError, put, required, type Errors } from '../forms/checks.ts';

export interface NeedValues extends Record<string, string | string[]> {
  category: string;
  urgency: string;
  description: string;
  followUpDate: string;
}

export function emptyNeed(): NeedValues {
  return { category: '', urgency: '一般', description: '', followUpDate: '' };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

export function checkNeed(
  v: NeedValues,
  person: { id: string; communityId: string },
  today: string,
): { ok: true; input: NewRecord<'need'> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  put(errors, 'category', required(v.category, '请选择困难类别'));
  put(errors, 'urgency', required(v.urgency, '请选择紧急程度'));
  put(errors, 'description', required(v.description, '请描述困难情况'));
  put(errors, 'followUpDate', optionalDateError(v.followUpDate, '跟进日期'));
  if (Object.keys(errors).length > 0 || !oneOf(NEED_CATEGORIES, v.category) || !oneOf(URGENCIES, v.urgency)) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: {
      personId: person.id,
      communityId: person.communityId,
      category: v.category,
      urgency: v.urgency,
      description: v.description.trim(),
      status: '登记',
      fundSource: null,
      amountGrantedFen: null,
      grantDate: null,
      declineReason: null,
      followUpDate: v.followUpDate || null,
      openedDate: today,
      closedDate: null,
    },
  };
}
