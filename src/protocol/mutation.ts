import { z } from 'zod';
import { KINDS } from '../model/kinds.ts';
import { UUID_RE } from '../model/ids.ts';
import { EVENT_KINDS } from '../model/records/reveal.ts';

/**
 * One change made on a device (SPEC.md P2). `fields` holds only what changed, except on create where it is
 * the whole record. `baseVersion` is the server version of the record the edit was made on (0 = new).
 */
export const mutationSchema = z.object({
  id: z.string().regex(UUID_RE),
  clientId: z.string().regex(UUID_RE),
  seq: z.number().int().min(1),
  /** A record kind, or an event kind (`reveal`, SPEC.md S7) that the server appends to the audit log. */
  kind: z.enum([...KINDS, ...EVENT_KINDS]),
  recordId: z.string().regex(UUID_RE),
  op: z.enum(['put', 'delete']),
  fields: z.record(z.string().max(60), z.unknown()),
  baseVersion: z.number().int().min(0),
});
export type Mutation = z.infer<typeof mutationSchema>;
