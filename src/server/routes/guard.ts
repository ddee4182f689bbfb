import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Role } from '../../model/vocab.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { AuditContext } from '../audit/actions.ts';
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

function refuseRole(user: SessionUser, roles: readonly Role[]): void {
  if (!roles.includes(user.role))
    throw new ProtocolError('forbidden', '您的角色无权进行此操作', { role: user.role });
}

/** The caller's user if it has one of `roles`; 403 `forbidden` otherwise. */
export async function requireRole(
  store: Store,
  req: FastifyRequest,
  roles: readonly Role[],
): Promise<SessionUser> {
  const user = await requireUser(store, req);
  refuseRole(user, roles);
  return user;
}

/** Users checked by `roleGate` for the request they came with. */
const gated = new WeakMap<FastifyRequest, SessionUser>();

/**
 * An onRequest hook for a route only some roles may use: it authenticates and checks the role before fastify
 * reads the body, so a caller without the role cannot make the server read (and buffer, and parse) up to the
 * route's body limit (issue 10). The handler takes the user with `gatedUser`.
 */
export function roleGate(store: Store, roles: readonly Role[]): onRequestAsyncHookHandler {
  return async (req) => {
    const user = await requireUser(store, req);
    refuseRole(user, roles);
    gated.set(req, user);
  };
}

/** The user `roleGate` admitted for this request. */
export function gatedUser(req: FastifyRequest): SessionUser {
  const user = gated.get(req);
  if (!user) throw new ProtocolError('internal', '路由缺少权限检查');
  return user;
}

/** Who does an audited thing in this request (SPEC.md S7). */
export function auditContext(req: FastifyRequest, user: SessionUser, clientId?: string | null): AuditContext {
  return { userId: user.id, address: req.ip, clientId: clientId ?? null };
}
