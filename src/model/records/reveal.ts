import { z } from 'zod';
import { base, recordId } from './common.ts';

/**
 * 查看完整号码: a device showed a person's whole ID number or mobile (SPEC.md S7). Not a record the server keeps:
 * queued on the device like any change (so a reveal made offline is audited too) and, once pushed, appended to
 * the audit log. `createdAt` is the device's time of the reveal; `createdBy` is taken from the session.
 */
export const revealSchema = z.object({
  ...base,
  personId: recordId,
  communityId: z.string().min(1).max(40),
  field: z.enum(['idNumber', 'mobile']),
});
export type Reveal = z.infer<typeof revealSchema>;

/** Kinds a device queues that are events, not records: pushed like records, never stored or pulled. */
export const EVENT_KINDS = ['reveal'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
