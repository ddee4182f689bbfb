import { z } from 'zod';
import { ACTIVITY_THEMES, WARM_SERVICE_KINDS } from '../vocab.ts';
import { base, checkVoid, isoDate, requiredText, text, voidable } from './common.ts';
import { locatable } from './location.ts';

/** 志愿服务活动 of a 红星志愿服务队. `unitId` is the team's org unit, denormalised for scope and reports. */
export const activitySchema = z
  .object({
    ...base,
    teamId: z.string().min(1, '请选择服务队').max(60),
    unitId: z.string().min(1).max(40),
    theme: z.enum(ACTIVITY_THEMES, '请选择活动主题'),
    warmServiceKind: z.enum(WARM_SERVICE_KINDS).nullable(),
    title: requiredText(100, '请填写活动名称'),
    date: isoDate,
    place: requiredText(200, '请填写活动地点'),
    volunteerCount: z.number().int('参与人数应为整数').min(1, '至少1名退役军人志愿者参加').max(10_000),
    volunteerNames: z.array(z.string().max(50)).max(500),
    hours: z
      .number()
      .min(0, '服务时长不能为负')
      .max(24 * 31, '服务时长过大，请核对'),
    peopleServed: z.number().int('服务人次应为整数').min(0, '服务人次不能为负').max(1_000_000),
    notes: text(4000),
    photos: z.array(z.string().max(200)).max(20),
    ...voidable,
    ...locatable,
  })
  .superRefine(checkVoid);
export type Activity = z.infer<typeof activitySchema>;
