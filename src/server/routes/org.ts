import type { FastifyInstance } from 'fastify';
import { requireUser, type RouteOptions } from './guard.ts';

/** GET /api/org: the org tree (names of units and teams), for any signed-in user. */
export function orgRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.get('/api/org', async (req) => {
    await requireUser(store, req);
    return store.getOrg();
  });
}
