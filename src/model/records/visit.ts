import { z } from 'zod';
import { CAMPAIGNS, VISIT_METHODS } from '../vocab.ts';
import { base, checkVoid, isoDate, recordId, requiredText, text, voidable } from './common.ts';
import { locatable } from './location.ts';

/** 走访记录 (大走访 / 六必访 / 常态化联系). */
export const visitSchema = z
  .object({
    ...base,
    personId: recordId,
    communityId: z.string().min(1).max(40),
    date: isoDate,
    visitors: requiredText(200, '请填写走访人员'),
    campaign: z.enum(CAMPAIGNS, '请选择走访类型'),
    /** The 六必访 trigger; the list is configuration, so any short label is accepted here. */
    trigger: text(40).nullable(),
    method: z.enum(VISIT_METHODS, '请选择走访方式'),
    situation: text(4000),
    needsRaised: text(4000),
    actionTaken: text(4000),
    followUpDate: isoDate.nullable(),
    photos: z.array(z.string().max(200)).max(20),
    gps: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable(),
    ...voidable,
    ...locatable,
  })
  .superRefine((v, ctx) => {
    checkVoid(v, ctx);
    if (v.campaign === '六必访' && !v.trigger) {
      ctx.addIssue({ code: 'custom', path: ['trigger'], message: '六必访请选择走访情形' });
    }
    if (v.followUpDate !== null && v.followUpDate < v.date) {
      ctx.addIssue({ code: 'custom', path: ['followUpDate'], message: '回访日期不能早于走访日期' });
    }
  });
export type Visit = z.infer<typeof visitSchema>;
