import type { FastifyInstance } from 'fastify';
import { handlePull } from '../replication/pull.ts';
import { handlePush } from '../replication/push.ts';
import { requireUser, type RouteOptions } from './guard.ts';

/** POST /api/sync/push and /api/sync/pull: thin handlers over sync/push.ts and sync/pull.ts. */
export function syncRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.post('/api/sync/push', async (req) =>
    handlePush(store, await requireUser(store, req), req.body, req.ip),
  );
  app.post('/api/sync/pull', async (req) =>
    handlePull(store, await requireUser(store, req), req.body, req.ip),
  );
}
