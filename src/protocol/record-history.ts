import { z } from 'zod';

/**
 * A record's revisions on the wire (SPEC.md P18): `GET /api/records/:id/history` answers who created the record
 * and every correction since — who (user id and display name), when (the server's clock) and which fields,
 * old → new — oldest first. Only for users whose area holds the record (S2).
 */
export function recordHistoryPath(id: string): string {
  return `/api/records/${encodeURIComponent(id)}/history`;
}

export const fieldChangeSchema = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});

export const revisionSchema = z.object({
  /** Server time (ISO) the change was stored. */
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  version: z.number().int(),
  changes: z.array(fieldChangeSchema),
});
export type Revision = z.infer<typeof revisionSchema>;

export const recordHistorySchema = z.object({
  recordId: z.string(),
  kind: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  /** The creating device's clock (the record's `createdAt`). */
  createdAt: z.string(),
  revisions: z.array(revisionSchema),
});
export type RecordHistory = z.infer<typeof recordHistorySchema>;
