import { z } from 'zod';
import { base, recordId, text } from './common.ts';

/**
 * A value overwritten by a concurrent edit (SPEC.md P10). Written by the server only; street staff resolve it
 * by keeping the applied value or restoring the overwritten one (which is a normal edit of the record).
 */
export const conflictSchema = z.object({
  ...base,
  kind: z.string().max(20),
  recordId,
  communityId: z.string().min(1).max(40),
  field: z.string().max(60),
  overwrittenValue: z.unknown(),
  overwrittenBy: z.string().max(80),
  overwrittenVersion: z.number().int().min(0),
  appliedValue: z.unknown(),
  appliedBy: z.string().max(80),
  appliedVersion: z.number().int().min(0),
  /** Display names of the two writers, for people (the conflict screen); absent on conflicts from before. */
  overwrittenByName: z.string().max(80).optional(),
  appliedByName: z.string().max(80).optional(),
  resolution: z.enum(['kept', 'restored']).nullable(),
  resolvedBy: text(80).nullable(),
  resolvedAt: text(40).nullable(),
});
export type Conflict = z.infer<typeof conflictSchema>;
