import { z } from 'zod';
import { checkIdNumber } from '../id-number.ts';
import { checkMobile } from '../mobile.ts';
import { CONTACT_TIERS, PERSON_CATEGORIES, PERSON_STATUSES, PRIORITY_FLAGS, SEXES } from '../vocab.ts';
import { base, isoDate, requiredText, text } from './common.ts';

/** 服务对象 (一人一档). */
export const personSchema = z
  .object({
    ...base,
    name: requiredText(50, '请填写姓名'),
    sex: z.enum(SEXES, '请选择性别'),
    idNumber: z.string().superRefine((v, ctx) => {
      const r = checkIdNumber(v);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
      // The registry keeps one spelling (一人一档 matches on it): writers store checkIdNumber's `value`.
      else if (r.value !== v) ctx.addIssue({ code: 'custom', message: '身份证号须去掉空格、使用半角字符' });
    }),
    mobile: z
      .string()
      .nullable()
      .superRefine((v, ctx) => {
        if (v === null) return;
        const r = checkMobile(v);
        if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
      }),
    address: text(200),
    communityId: z.string().min(1, '请选择所属社区').max(40),
    categories: z.array(z.enum(PERSON_CATEGORIES)).max(PERSON_CATEGORIES.length),
    priorityFlags: z.array(z.enum(PRIORITY_FLAGS)).max(PRIORITY_FLAGS.length),
    contactTier: z.enum(CONTACT_TIERS),
    householdNotes: text(2000),
    status: z.enum(PERSON_STATUSES),
    /** 接收日期: the day the district received a newly discharged soldier. */
    receivedDate: isoDate.nullable(),
    /**
     * Set by the server only (SPEC.md P19): this file was created while a live person with the same ID number
     * existed (a worker offline), and waits for street staff to merge it into that person. Not a registry
     * person until then: reports skip it (R5). Absent on records from before 一人一档.
     */
    duplicateOf: z.string().max(40).nullable().optional(),
  })
  .superRefine((p, ctx) => {
    const r = checkIdNumber(p.idNumber);
    if (r.ok && r.sex !== p.sex)
      ctx.addIssue({ code: 'custom', path: ['sex'], message: '性别与身份证号不符' });
  });
export type Person = z.infer<typeof personSchema>;
