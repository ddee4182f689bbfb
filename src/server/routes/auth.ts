import type { FastifyInstance } from 'fastify';
import { loginRequestSchema } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { login, logout } from '../auth/sessions.ts';
import { parseOr400 } from '../validate.ts';
import { requireUser, type RouteOptions } from './guard.ts';

export interface LoginRateLimit {
  /** Attempts per window per (IP, username). */
  readonly max: number;
  readonly timeWindowMs: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { max: 10, timeWindowMs: 60_000 };

function usernameOf(body: unknown): string {
  const u =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['username'] : undefined;
  return typeof u === 'string' ? u.trim().toLowerCase().slice(0, 60) : '';
}

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me (SPEC.md S5).
 * Hazard: the login rate limit counts in this process's memory. Behind several server processes each counts
 * on its own, so the effective limit is max × processes; scrypt's cost still bounds guessing.
 */
export function authRoutes(
  app: FastifyInstance,
  opts: RouteOptions & { loginRateLimit: LoginRateLimit },
): void {
  const { store, loginRateLimit } = opts;
  app.post(
    '/api/auth/login',
    {
      config: {
        rateLimit: {
          max: loginRateLimit.max,
          timeWindow: loginRateLimit.timeWindowMs,
          keyGenerator: (req) => `${req.ip}|${usernameOf(req.body)}`,
          errorResponseBuilder: (_req, ctx) =>
            new ProtocolError('rate_limited', `登录尝试过于频繁，请 ${ctx.after} 后再试`, {
              retryAfter: ctx.after,
            }),
        },
      },
    },
    async (req) => {
      const { username, password } = parseOr400(loginRequestSchema, req.body);
      return login(store, username, password);
    },
  );

  app.post('/api/auth/logout', async (req) => {
    await logout(store, req.headers.authorization);
    return { ok: true };
  });

  app.get('/api/auth/me', async (req) => requireUser(store, req));
}
