import type { FastifyInstance } from 'fastify';
import { readOrgTree, replaceOrgTree } from '../admin/org.ts';
import { createUser, listUsers, updateUser } from '../admin/users.ts';
import { requireRole, type RouteOptions } from './guard.ts';

const ADMIN = ['district_admin'] as const;

/** /api/admin/users and /api/admin/org: district admin only. The same functions back the admin CLI. */
export function adminRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.get('/api/admin/users', async (req) => {
    await requireRole(store, req, ADMIN);
    return { users: await listUsers(store) };
  });
  app.post('/api/admin/users', async (req, reply) => {
    await requireRole(store, req, ADMIN);
    const user = await createUser(store, req.body);
    return reply.code(201).send(user);
  });
  app.patch<{ Params: { id: string } }>('/api/admin/users/:id', async (req) => {
    await requireRole(store, req, ADMIN);
    return updateUser(store, req.params.id, req.body);
  });
  app.get('/api/admin/org', async (req) => {
    await requireRole(store, req, ADMIN);
    return readOrgTree(store);
  });
  app.put('/api/admin/org', async (req) => {
    const admin = await requireRole(store, req, ADMIN);
    return replaceOrgTree(store, req.body, admin.id);
  });
}
