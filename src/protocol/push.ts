import { z } from 'zod';
import { UUID_RE } from '../model/ids.ts';
import { mutationSchema, mutationSchemaV1 } from './mutation.ts';

/** Most mutations one push may carry; the client splits larger queues (SPEC.md P4). */
export const MAX_PUSH_MUTATIONS = 500;
/** Largest request body the server reads, in bytes. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A push of protocol version 2: the client id once, lean mutations (SPEC.md P16). */
export const pushRequestSchema = z.object({
  protocolVersion: z.number().int(),
  clientId: z.string().regex(UUID_RE),
  mutations: z.array(mutationSchema).min(1).max(MAX_PUSH_MUTATIONS),
});
/** As sent (optional mutation fields may be absent). */
export type PushRequest = z.input<typeof pushRequestSchema>;
/** As decoded by the server. */
export type DecodedPush = z.output<typeof pushRequestSchema>;

/** A push of protocol version 1, which the server still accepts (SPEC.md P16). */
export const pushRequestSchemaV1 = z.object({
  protocolVersion: z.number().int(),
  clientId: z.string().regex(UUID_RE),
  mutations: z.array(mutationSchemaV1).min(1).max(MAX_PUSH_MUTATIONS),
});

/** `lastSeq`: the client's last applied sequence number after this push; the client drops entries ≤ it. */
export const pushResponseSchema = z.object({
  lastSeq: z.number().int().min(0),
  version: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
