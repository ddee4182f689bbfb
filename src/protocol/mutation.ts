import { z } from 'zod';
import { KINDS } from '../model/kinds.ts';
import { UUID_RE } from '../model/ids.ts';
import { EVENT_KINDS } from '../model/records/reveal.ts';

const OPS = ['put', 'delete'] as const;

const common = {
  id: z.string().regex(UUID_RE),
  seq: z.number().int().min(1),
  /** A record kind, or an event kind (`reveal`, SPEC.md S7) that the server appends to the audit log. */
  kind: z.enum([...KINDS, ...EVENT_KINDS]),
  recordId: z.string().regex(UUID_RE),
  fields: z.custom<Record<string, unknown>>(isFieldMap, '应为字段对象（字段名不超过 60 个字符）'),
};

/**
 * A plain JSON object whose keys are at most 60 characters. Checked in place, not copied as z.record would:
 * the values are checked by the record schemas after the merge, and this runs for every pushed mutation.
 */
function isFieldMap(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const k in v) if (k.length > 60) return false;
  return true;
}

/**
 * One change made on a device (SPEC.md P2), as protocol version 2 carries it. `fields` holds only what changed,
 * except on create where it is the whole record. `baseVersion` is the server version of the record the edit was
 * made on (0 = new). The client id is the push's, sent once at its top (P16); `op` may be left out for a put and
 * `baseVersion` for 0, the values most mutations carry (P16).
 */
export const mutationSchema = z.object({
  ...common,
  op: z.enum(OPS).default('put'),
  baseVersion: z.number().int().min(0).default(0),
});
/** A mutation as decoded: every field present. */
export type Mutation = z.output<typeof mutationSchema>;
/** A mutation as sent: `op` and `baseVersion` may be left out. */
export type WireMutation = z.input<typeof mutationSchema>;

/** Protocol version 1's mutation: the client id repeated on each, every field present. Still accepted (P16). */
export const mutationSchemaV1 = z.object({
  ...common,
  clientId: z.string().regex(UUID_RE),
  op: z.enum(OPS),
  baseVersion: z.number().int().min(0),
});
