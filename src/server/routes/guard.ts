import type { FastifyRequest } from 'fastify';
import type { Role } from '../../model/vocab.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { authenticate } from '../auth/sessions.ts';
import type { Store } from '../storage/store.ts';

/** What every route plugin gets from routes/index.ts. */
export interface RouteOptions {
  readonly store: Store;
}

/** The caller's user from its bearer token; 401 `unauthenticated` otherwise (SPEC.md S5). */
export function requireUser(store: Store, req: FastifyRequest): Promise<SessionUser> {
  return authenticate(store, req.headers.authorization);
}

/** The caller's user if it has one of `roles`; 403 `forbidden` otherwise. */
export async function requireRole(
  store: Store,
  req: FastifyRequest,
  roles: readonly Role[],
): Promise<SessionUser> {
  const user = await requireUser(store, req);
  if (!roles.includes(user.role))
    throw new ProtocolError('forbidden', '您的角色无权进行此操作', { role: user.role });
  return user;
}
