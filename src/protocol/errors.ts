import { z } from 'zod';

/** Why a request was refused. The wire shape is `{ error: { reason, message, details } }` (STYLE.md habit 2). */
export const ERROR_REASONS = [
  'bad_request', // malformed JSON, wrong types, unknown kind, invalid record
  'too_large', // body over the limit
  'protocol_version', // client and server speak different protocol versions
  'unauthenticated', // no session, or it expired
  'device_wiped', // this device was marked for wipe: it deletes its database (SPEC.md D3)
  'forbidden', // outside the caller's role or area
  'out_of_order', // a gap in a client's sequence numbers
  'replay_mismatch', // a sequence number already used by a different mutation
  'conflict', // e.g. a duplicate ID number, an immutable field changed
  'not_found',
  'rate_limited',
  'internal',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export const errorBodySchema = z.object({
  error: z.object({
    reason: z.enum(ERROR_REASONS),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const HTTP_STATUS: Record<ErrorReason, number> = {
  bad_request: 400,
  too_large: 413,
  protocol_version: 409,
  unauthenticated: 401,
  device_wiped: 401,
  forbidden: 403,
  out_of_order: 409,
  replay_mismatch: 409,
  conflict: 409,
  not_found: 404,
  rate_limited: 429,
  internal: 500,
};

/** An error that carries its wire reason. Thrown by handlers, mapped to `{error}` in one place. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly reason: ErrorReason,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { reason: this.reason, message: this.message, details: this.details } };
  }
}
