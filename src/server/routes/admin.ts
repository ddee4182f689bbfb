import type { FastifyInstance } from 'fastify';
import { readOrgTree, replaceOrgTree } from '../admin/org.ts';
import { createUser, listUsers, updateUser } from '../admin/users.ts';
import { ADMIN_ROLES as ADMIN } from '../../model/roles.ts';
import { ADMIN_ORG_PATH } from '../../protocol/org.ts';
import { ADMIN_USERS_PATH, type UsersResponse } from '../../protocol/admin.ts';
import type { DevicesResponse } from '../../protocol/devices.ts';
import { listUserDevices, wipeUserDevice } from '../devices/admin-devices.ts';
import { requireRole, type RouteOptions } from './guard.ts';

/** /api/admin/users and /api/admin/org: district admin only. The same functions back the admin CLI. */
export function adminRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.get(ADMIN_USERS_PATH, async (req): Promise<UsersResponse> => {
    await requireRole(store, req, ADMIN);
    return { users: await listUsers(store) };
  });
  app.post(ADMIN_USERS_PATH, async (req, reply) => {
    await requireRole(store, req, ADMIN);
    const user = await createUser(store, req.body);
    return reply.code(201).send(user);
  });
  app.patch<{ Params: { id: string } }>(`${ADMIN_USERS_PATH}/:id`, async (req) => {
    const admin = await requireRole(store, req, ADMIN);
    return updateUser(store, req.params.id, req.body, admin.id);
  });
  // A user's devices and 注销此设备 (SPEC.md D3, D4).
  app.get<{ Params: { id: string } }>(
    `${ADMIN_USERS_PATH}/:id/devices`,
    async (req): Promise<DevicesResponse> => {
      await requireRole(store, req, ADMIN);
      return { devices: await listUserDevices(store, req.params.id) };
    },
  );
  app.post<{ Params: { id: string; clientId: string } }>(
    `${ADMIN_USERS_PATH}/:id/devices/:clientId/wipe`,
    async (req) => {
      const admin = await requireRole(store, req, ADMIN);
      return wipeUserDevice(store, admin.id, req.params.id, req.params.clientId);
    },
  );
  app.get(ADMIN_ORG_PATH, async (req) => {
    await requireRole(store, req, ADMIN);
    return readOrgTree(store);
  });
  app.put(ADMIN_ORG_PATH, async (req) => {
    const admin = await requireRole(store, req, ADMIN);
    return replaceOrgTree(store, req.body, admin.id);
  });
}
