import { z } from 'zod';
import { FUND_SOURCES, NEED_CATEGORIES, NEED_STATUSES, URGENCIES } from '../vocab.ts';
import { base, fen, isoDate, recordId, requiredText, text } from './common.ts';
import { locatable } from './location.ts';

/**
 * 困难帮扶需求. Several people touch one need: its fields merge one by one on the server (SPEC.md), and
 * every status change is also a needStep record, which is append-only.
 */
export const needSchema = z.object({
  ...base,
  personId: recordId,
  communityId: z.string().min(1).max(40),
  category: z.enum(NEED_CATEGORIES, '请选择困难类别'),
  urgency: z.enum(URGENCIES, '请选择紧急程度'),
  description: requiredText(4000, '请描述困难情况'),
  status: z.enum(NEED_STATUSES),
  fundSource: z.enum(FUND_SOURCES).nullable(),
  amountGrantedFen: fen.nullable(),
  /** The date a grant was made: the fund figures count by it. */
  grantDate: isoDate.nullable(),
  declineReason: text(1000).nullable(),
  followUpDate: isoDate.nullable(),
  openedDate: isoDate,
  closedDate: isoDate.nullable(),
  ...locatable,
});
export type Need = z.infer<typeof needSchema>;

/** One step of a need's status history. Created once, never changed (SPEC.md P12). */
export const needStepSchema = z.object({
  ...base,
  needId: recordId,
  personId: recordId,
  communityId: z.string().min(1).max(40),
  from: z.enum(NEED_STATUSES).nullable(),
  to: z.enum(NEED_STATUSES),
  date: isoDate,
  note: text(2000),
  byName: text(50),
  fundSource: z.enum(FUND_SOURCES).nullable(),
  amountFen: fen.nullable(),
});
export type NeedStep = z.infer<typeof needStepSchema>;
