import { z } from 'zod';

/**
 * The poke stream (SPEC.md C16): `GET /api/sync/events`, Server-Sent Events, authenticated with the usual
 * `Authorization: Bearer` header (never a token in the URL, which would land in proxy and server logs). The
 * server sends `ready` once the stream is open, `poke` when records of the caller's area changed, and comment
 * lines as a heartbeat. A poke is a hint only: it carries no record data, just the server's version counter.
 */
export const EVENTS_PATH = '/api/sync/events';

/** The device's clientId (optional): the server does not poke a device about its own push. */
export const CLIENT_ID_HEADER = 'x-zoufang-client';

export const POKE_EVENT = 'poke';
export const READY_EVENT = 'ready';

/** A heartbeat comment at least this often; a client that hears nothing for 2.5× this treats the stream as dead. */
export const HEARTBEAT_MS = 20_000;

export const pokeSchema = z.object({
  /** The server's version counter after the change (a device whose cursor is past it may skip the sync). */
  version: z.number().int().nonnegative(),
});
export type Poke = z.infer<typeof pokeSchema>;
