import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CLIENT_ID_HEADER, EVENTS_PATH } from '../../protocol/events.ts';
import type { PokeHub } from '../pokes/hub.ts';
import { requireUser, type RouteOptions } from './guard.ts';

const clientIdSchema = z.string().min(1).max(100);

/**
 * GET /api/sync/events: the poke stream (SPEC.md C16). Authenticated like every API call (401 before the stream
 * opens); then the response is handed to the hub, which keeps it open until the client leaves, the stream's age
 * runs out or the server stops.
 */
export function eventRoutes(app: FastifyInstance, { store, hub }: RouteOptions & { hub: PokeHub }): void {
  app.get(EVENTS_PATH, async (req, reply) => {
    const user = await requireUser(store, req);
    const header = clientIdSchema.safeParse(req.headers[CLIENT_ID_HEADER]);
    const version = await store.currentVersion();
    reply.hijack();
    hub.open(user, header.success ? header.data : null, reply.raw, version);
  });
}
