import { z } from 'zod';

/** POST /api/persons/:id/merge (SPEC.md P19): `:id` is the file that stays; `duplicateId` the one merged into it. */
export const mergeRequestSchema = z.object({ duplicateId: z.string().min(1).max(40) }).strict();
export type MergeRequest = z.infer<typeof mergeRequestSchema>;

export const mergeResponseSchema = z.object({
  survivorId: z.string(),
  duplicateId: z.string(),
  /** Ids of the records that now belong to the survivor (visits, condolences, needs, need steps, conflicts). */
  moved: z.array(z.string()),
  /** The server version after the merge: a pull past it delivers the result. */
  version: z.number().int(),
});
export type MergeResponse = z.infer<typeof mergeResponseSchema>;

export function mergePath(survivorId: string): string {
  return `/api/persons/${encodeURIComponent(survivorId)}/merge`;
}
