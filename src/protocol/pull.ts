import { z } from 'zod';
import { KINDS } from '../model/kinds.ts';
import { UUID_RE } from '../model/ids.ts';

export const MAX_PULL_LIMIT = 2000;
/** Most record ids one pull may ask to refetch (C10); a device with more asks on its next pulls. */
export const MAX_REFETCH = 100;

/**
 * `cursor` is opaque to the client (SPEC.md P6): null on a first pull, else what the last page returned.
 */
export const pullRequestSchema = z.object({
  protocolVersion: z.number().int(),
  clientId: z.string().regex(UUID_RE),
  cursor: z.string().max(200).nullable(),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
  /**
   * Records whose server copy the device wants whatever the cursor (C10): it dropped its own row when the
   * server refused a change to it. Answered in `refetched` on this page. Optional: an older server strips it
   * and never answers, an older client never sends it.
   */
  refetch: z.array(z.string().regex(UUID_RE)).max(MAX_REFETCH).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const changeSchema = z.object({
  kind: z.enum(KINDS),
  id: z.string().regex(UUID_RE),
  version: z.number().int().min(1),
  deleted: z.boolean(),
  /** The whole record as the server holds it; null for a tombstone. */
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  /** True when more pages follow: pull again with the new cursor. */
  more: z.boolean(),
  /** The client's last applied sequence number: outbox entries at or below it are acknowledged. */
  lastSeq: z.number().int().min(0),
  /** Total changes still to come including this page, when known: for a progress bar on a first download. */
  remaining: z.number().int().min(0).optional(),
  /**
   * True on the first page of a pull from the beginning of the caller's area — no cursor, or a cursor made for
   * another area (P6). The device marks what it holds (without pending changes) as stale and, at the last page
   * of this pull, drops what the pull did not deliver (C13). Absent otherwise; a client that does not know it
   * ignores it (an older server never sends it).
   */
  reset: z.boolean().optional(),
  /**
   * The answer to the request's `refetch` (C10): the current copy (or tombstone) of each asked record that
   * lies in the caller's area; asked ids the server does not have, or not in the area, are absent. Present
   * (maybe empty) exactly when the request asked; the cursor does not move for these.
   */
  refetched: z.array(changeSchema).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
