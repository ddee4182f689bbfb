import type { NewRecord } from '../../db/repository.ts';
import type { Activity } from '../../model/records/activity.ts';
import type { Team } from '../../model/org.ts';
import { ACTIVITY_THEMES, WARM_SERVICE_KINDS } from '../../model/vocab.ts';
import { dateError, intOrNull, put, required, type Errors } from '../forms/checks.ts';

export interface ActivityValues extends Record<string, string | string[]> {
  teamId: string;
  theme: string;
  warmServiceKind: string;
  title: string;
  date: string;
  place: string;
  volunteerCount: string;
  hours: string;
  peopleServed: string;
  notes: string;
}

export function emptyActivity(today: string, teamId: string): ActivityValues {
  return {
    teamId,
    theme: '',
    warmServiceKind: '',
    title: '',
    date: today,
    place: '',
    volunteerCount: '',
    hours: '',
    peopleServed: '',
    notes: '',
  };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

export function checkActivity(
  v: ActivityValues,
  teams: readonly Team[],
): { ok: true; input: NewRecord<'activity'> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const team = teams.find((t) => t.id === v.teamId);
  if (!team) put(errors, 'teamId', '请选择服务队');
  put(errors, 'theme', required(v.theme, '请选择活动主题'));
  if (v.theme === '暖心服务')
    put(errors, 'warmServiceKind', required(v.warmServiceKind, '请选择暖心服务类型'));
  put(errors, 'title', required(v.title, '请填写活动名称'));
  put(errors, 'date', dateError(v.date, '活动日期', true));
  put(errors, 'place', required(v.place, '请填写活动地点'));
  const count = intOrNull(v.volunteerCount);
  if (count === null || count < 1) put(errors, 'volunteerCount', '请填写参与的退役军人志愿者人数（至少1人）');
  const hours = v.hours.trim() === '' ? 0 : Number(v.hours);
  if (!/^\d+(\.\d)?$/.test(v.hours.trim() || '0') || !Number.isFinite(hours)) {
    put(errors, 'hours', '服务时长应为数字，最多一位小数');
  }
  const served = v.peopleServed.trim() === '' ? 0 : intOrNull(v.peopleServed);
  if (served === null) put(errors, 'peopleServed', '服务人次应为整数');
  if (
    Object.keys(errors).length > 0 ||
    !team ||
    count === null ||
    served === null ||
    !oneOf(ACTIVITY_THEMES, v.theme)
  ) {
    return { ok: false, errors };
  }
  const warm =
    v.theme === '暖心服务' && oneOf(WARM_SERVICE_KINDS, v.warmServiceKind) ? v.warmServiceKind : null;
  return {
    ok: true,
    input: {
      teamId: team.id,
      unitId: team.unitId,
      theme: v.theme,
      warmServiceKind: warm,
      title: v.title.trim(),
      date: v.date,
      place: v.place.trim(),
      volunteerCount: count,
      volunteerNames: [],
      hours,
      peopleServed: served,
      notes: v.notes,
      photos: [],
    },
  };
}

/** The form values of a stored activity: its 修改 form starts from them. */
export function activityToValues(a: Activity): ActivityValues {
  return {
    teamId: a.teamId,
    theme: a.theme,
    warmServiceKind: a.warmServiceKind ?? '',
    title: a.title,
    date: a.date,
    place: a.place,
    volunteerCount: String(a.volunteerCount),
    hours: a.hours === 0 ? '' : String(a.hours),
    peopleServed: a.peopleServed === 0 ? '' : String(a.peopleServed),
    notes: a.notes,
  };
}
