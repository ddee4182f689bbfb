import type { FastifyInstance } from 'fastify';
import { answerWipe, syncCaller } from '../devices/sync-caller.ts';
import { handlePull } from '../replication/pull.ts';
import { handlePush } from '../replication/push.ts';
import type { RouteOptions } from './guard.ts';

/**
 * POST /api/sync/push and /api/sync/pull: thin handlers over sync/push.ts and sync/pull.ts. A device marked for
 * wipe pushes as usual and is answered `device_wiped` on its pull, which follows every push (D3).
 */
export function syncRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.post('/api/sync/push', async (req) => {
    const caller = await syncCaller(store, req, req.body);
    return handlePush(store, caller.user, req.body, req.ip);
  });
  app.post('/api/sync/pull', async (req) => {
    const caller = await syncCaller(store, req, req.body);
    if (caller.wipe) return answerWipe(store, caller);
    return handlePull(store, caller.user, req.body, req.ip);
  });
}
