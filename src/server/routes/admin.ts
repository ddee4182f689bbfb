import type { FastifyInstance } from 'fastify';
import { readOrgTree, replaceOrgTree } from '../admin/org.ts';
import { createUser, listUsers, updateUser } from '../admin/users.ts';
import { ADMIN_ROLES as ADMIN } from '../../model/roles.ts';
import { ADMIN_ORG_PATH } from '../../protocol/org.ts';
import { ADMIN_USERS_PATH, type UsersResponse } from '../../protocol/admin.ts';
import { queryAudit } from '../audit/query.ts';
import type { DevicesResponse } from '../../protocol/devices.ts';
import { listUserDevices, wipeUserDevice } from '../devices/admin-devices.ts';
import { auditContext, gatedUser, roleGate, type RouteOptions } from './guard.ts';

/**
 * /api/admin/users, /api/admin/org and /api/admin/audit: district admin only, checked before the body is read
 * (roleGate). The same functions back the admin CLI. Every change is audited (SPEC.md S7).
 */
export function adminRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  const onRequest = roleGate(store, ADMIN);
  app.get(ADMIN_USERS_PATH, { onRequest }, async (): Promise<UsersResponse> => ({
    users: await listUsers(store),
  }));
  app.post(ADMIN_USERS_PATH, { onRequest }, async (req, reply) => {
    const ctx = auditContext(req, gatedUser(req));
    const user = await createUser(store, req.body, undefined, ctx);
    return reply.code(201).send(user);
  });
  app.patch<{ Params: { id: string } }>(`${ADMIN_USERS_PATH}/:id`, { onRequest }, async (req) =>
    updateUser(store, req.params.id, req.body, auditContext(req, gatedUser(req))),
  );
  app.get('/api/admin/audit', { onRequest }, async (req) => queryAudit(store, req.query));
  app.get(ADMIN_ORG_PATH, { onRequest }, async () => readOrgTree(store));
  app.put(ADMIN_ORG_PATH, { onRequest }, async (req) =>
    replaceOrgTree(store, req.body, auditContext(req, gatedUser(req))),
  );
  // A user's devices and 注销此设备 (SPEC.md D3, D4).
  app.get<{ Params: { id: string } }>(
    `${ADMIN_USERS_PATH}/:id/devices`,
    { onRequest },
    async (req): Promise<DevicesResponse> => ({ devices: await listUserDevices(store, req.params.id) }),
  );
  app.post<{ Params: { id: string; clientId: string } }>(
    `${ADMIN_USERS_PATH}/:id/devices/:clientId/wipe`,
    { onRequest },
    async (req) => wipeUserDevice(store, gatedUser(req).id, req.params.id, req.params.clientId),
  );
}
