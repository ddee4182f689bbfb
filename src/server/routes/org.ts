import type { FastifyInstance } from 'fastify';
import { ORG_PATH } from '../../protocol/org.ts';
import { readOrgTree } from '../admin/org.ts';
import { requireUser, type RouteOptions } from './guard.ts';

/** GET /api/org: the org tree (names of units and teams, the 六必访 trigger list), for any signed-in user. */
export function orgRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.get(ORG_PATH, async (req) => {
    await requireUser(store, req);
    return readOrgTree(store);
  });
}
