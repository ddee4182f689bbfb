import type { NewRecord } from '../../db/repository.ts';
import type { Visit } from '../../model/records/visit.ts';
import { CAMPAIGNS, VISIT_METHODS } from '../../model/vocab.ts';
import { dateError, optionalDateError, put, required, type Errors } from '../forms/checks.ts';

export interface VisitValues extends Record<string, string | string[]> {
  date: string;
  visitors: string;
  campaign: string;
  trigger: string;
  method: string;
  situation: string;
  needsRaised: string;
  actionTaken: string;
  followUpDate: string;
  lat: string;
  lng: string;
}

export function emptyVisit(today: string, visitors: string): VisitValues {
  return {
    date: today,
    visitors,
    campaign: '',
    trigger: '',
    method: '入户走访',
    situation: '',
    needsRaised: '',
    actionTaken: '',
    followUpDate: '',
    lat: '',
    lng: '',
  };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

export function checkVisit(
  v: VisitValues,
  person: { id: string; communityId: string },
): { ok: true; input: NewRecord<'visit'> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  put(errors, 'date', dateError(v.date, '走访日期', true));
  put(errors, 'visitors', required(v.visitors, '请填写走访人员'));
  put(errors, 'campaign', required(v.campaign, '请选择走访类型'));
  if (v.campaign === '六必访') put(errors, 'trigger', required(v.trigger, '六必访请选择走访情形'));
  put(errors, 'method', required(v.method, '请选择走访方式'));
  put(errors, 'followUpDate', optionalDateError(v.followUpDate, '回访日期'));
  if (!errors['date'] && v.followUpDate && !errors['followUpDate'] && v.followUpDate < v.date) {
    put(errors, 'followUpDate', '回访日期不能早于走访日期');
  }
  if (Object.keys(errors).length > 0 || !oneOf(CAMPAIGNS, v.campaign) || !oneOf(VISIT_METHODS, v.method)) {
    return { ok: false, errors };
  }
  const lat = Number(v.lat);
  const lng = Number(v.lng);
  return {
    ok: true,
    input: {
      personId: person.id,
      communityId: person.communityId,
      date: v.date,
      visitors: v.visitors.trim(),
      campaign: v.campaign,
      trigger: v.campaign === '六必访' ? v.trigger : null,
      method: v.method,
      situation: v.situation,
      needsRaised: v.needsRaised,
      actionTaken: v.actionTaken,
      followUpDate: v.followUpDate || null,
      photos: [],
      gps: v.lat && v.lng && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null,
    },
  };
}

/** The form values of a stored visit: its 修改 form starts from them. */
export function visitToValues(v: Visit): VisitValues {
  return {
    date: v.date,
    visitors: v.visitors,
    campaign: v.campaign,
    trigger: v.trigger ?? '',
    method: v.method,
    situation: v.situation,
    needsRaised: v.needsRaised,
    actionTaken: v.actionTaken,
    followUpDate: v.followUpDate ?? '',
    lat: v.gps ? String(v.gps.lat) : '',
    lng: v.gps ? String(v.gps.lng) : '',
  };
}
