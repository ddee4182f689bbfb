import type { FastifyInstance } from 'fastify';
import { loginRequestSchema } from '../../protocol/auth.ts';
import { changeOwnPassword } from '../auth/change-password.ts';
import { authenticateFull, login, logout } from '../auth/sessions.ts';
import type { LoginThrottle } from '../auth/throttle.ts';
import { parseOr400 } from '../validate.ts';
import type { RouteOptions } from './guard.ts';

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password (SPEC.md S5, S6).
 * The login throttle counts failed logins kept in the database (auth/throttle.ts), so it holds across restarts
 * and server processes; `req.ip` is the socket's address unless TRUST_PROXY names the proxies (app.ts).
 */
export function authRoutes(
  app: FastifyInstance,
  opts: RouteOptions & { loginThrottle: LoginThrottle },
): void {
  const { store, loginThrottle } = opts;
  app.post('/api/auth/login', async (req) => {
    const { username, password } = parseOr400(loginRequestSchema, req.body);
    return login(store, username, password, { address: req.ip }, loginThrottle);
  });

  app.post('/api/auth/logout', async (req) => {
    await logout(store, req.headers.authorization);
    return { ok: true };
  });

  // Answers also while a password change is due, so the app can tell (the flag is in the login response).
  app.get('/api/auth/me', async (req) => (await authenticateFull(store, req.headers.authorization)).user);

  app.post('/api/auth/password', async (req) =>
    changeOwnPassword(store, req.headers.authorization, req.body, { address: req.ip }, loginThrottle),
  );
}
