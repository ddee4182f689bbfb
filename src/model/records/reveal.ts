import { z } from 'zod';
import { base, recordId } from './common.ts';

/** Records whose saved place a device may reveal (SPEC.md S11). */
export const LOCATED_KINDS = ['visit', 'condolence', 'need', 'activity'] as const;
export type LocatedKind = (typeof LOCATED_KINDS)[number];

/**
 * 查看完整号码 / 显示位置: a device showed a person's whole ID number or mobile (SPEC.md S7), or where a record
 * was saved (S11). Not a record the server keeps: queued on the device like any change (so a reveal made offline
 * is audited too) and, once pushed, appended to the audit log. `createdAt` is the device's time of the reveal;
 * `createdBy` is taken from the session.
 *
 * A person's fields name the person (`personId`); a location names its record (`record`), which need not be
 * about a person (an activity, a 慰问 to a unit). `communityId` is the record's unit. Both optional in the
 * schema so reveals from before stay valid; the refinement asks for the one the field needs.
 */
export const revealSchema = z
  .object({
    ...base,
    personId: recordId.optional(),
    record: z.object({ kind: z.enum(LOCATED_KINDS), id: recordId }).optional(),
    communityId: z.string().min(1).max(40),
    field: z.enum(['idNumber', 'mobile', 'location']),
  })
  .superRefine((r, ctx) => {
    if (r.field === 'location' ? r.record === undefined : r.personId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [r.field === 'location' ? 'record' : 'personId'],
        message: '缺少查看对象',
      });
    }
  });
export type Reveal = z.infer<typeof revealSchema>;

/** The record a reveal names: the located record for a location, else the person. */
export function revealTarget(r: Pick<Reveal, 'field' | 'personId' | 'record'>): string | undefined {
  return r.field === 'location' ? r.record?.id : r.personId;
}

/** Kinds a device queues that are events, not records: pushed like records, never stored or pulled. */
export const EVENT_KINDS = ['reveal'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
