import type { NewRecord } from '../../db/repository.ts';
import { fenToYuan } from '../../model/money.ts';
import type { Condolence } from '../../model/records/condolence.ts';
import { GIVING_LEVELS, OCCASIONS } from '../../model/vocab.ts';
import { dateError, put, required, yuanToFen, type Errors } from '../forms/checks.ts';

export interface CondolenceValues extends Record<string, string | string[]> {
  unitName: string;
  communityId: string;
  occasion: string;
  level: string;
  cash: string;
  goods: string;
  goodsValue: string;
  fundsSource: string;
  date: string;
  visitors: string;
  notes: string;
}

/** Record fields whose form field has another name (money is typed in yuan). */
export const CONDOLENCE_RENAME = { cashFen: 'cash', goodsValueFen: 'goodsValue' };

export function emptyCondolence(today: string, visitors: string, communityId: string): CondolenceValues {
  return {
    unitName: '',
    communityId,
    occasion: '',
    level: '',
    cash: '',
    goods: '',
    goodsValue: '',
    fundsSource: '',
    date: today,
    visitors,
    notes: '',
  };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** `person` null: a condolence to a unit (e.g. a garrison), named in unitName. */
export function checkCondolence(
  v: CondolenceValues,
  person: { id: string; communityId: string } | null,
): { ok: true; input: NewRecord<'condolence'> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  if (!person) {
    put(errors, 'unitName', required(v.unitName, '请填写慰问单位'));
    put(errors, 'communityId', required(v.communityId, '请选择所属社区'));
  }
  put(errors, 'occasion', required(v.occasion, '请选择慰问事由'));
  put(errors, 'level', required(v.level, '请选择慰问层级'));
  const cash = yuanToFen(v.cash, true);
  if (!cash.ok) put(errors, 'cash', cash.message);
  const goodsValue = yuanToFen(v.goodsValue, true);
  if (!goodsValue.ok) put(errors, 'goodsValue', goodsValue.message);
  if (goodsValue.ok && goodsValue.fen > 0)
    put(errors, 'goods', required(v.goods, '填写了物资价值，请写明物资内容'));
  put(errors, 'date', dateError(v.date, '慰问日期', true));
  put(errors, 'visitors', required(v.visitors, '请填写慰问人员'));
  if (
    Object.keys(errors).length > 0 ||
    !cash.ok ||
    !goodsValue.ok ||
    !oneOf(OCCASIONS, v.occasion) ||
    !oneOf(GIVING_LEVELS, v.level)
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: {
      personId: person?.id ?? null,
      unitName: person ? null : v.unitName.trim(),
      communityId: person?.communityId ?? v.communityId,
      occasion: v.occasion,
      level: v.level,
      cashFen: cash.fen,
      goods: v.goods.trim(),
      goodsValueFen: goodsValue.fen,
      fundsSource: v.fundsSource.trim(),
      date: v.date,
      visitors: v.visitors.trim(),
      notes: v.notes,
      photos: [],
    },
  };
}

/** The form values of a stored condolence: its 修改 form starts from them. */
export function condolenceToValues(c: Condolence): CondolenceValues {
  return {
    unitName: c.unitName ?? '',
    communityId: c.communityId,
    occasion: c.occasion,
    level: c.level,
    cash: fenToYuan(c.cashFen),
    goods: c.goods,
    goodsValue: c.goodsValueFen > 0 ? fenToYuan(c.goodsValueFen) : '',
    fundsSource: c.fundsSource,
    date: c.date,
    visitors: c.visitors,
    notes: c.notes,
  };
}
