import type { SessionUser } from '../protocol/auth.ts';
import { getMeta, META } from '../db/meta.ts';
import { getDb } from './db.ts';

/**
 * The session store's door to the sync layer's session manager (src/sync/session.ts, built in
 * sync-wiring.ts). Reading the cached session must stay cheap and schema-free: the first screen may not load
 * zod (bundle budget), so the start-up read goes straight to the meta row (the one src/db/session-store.ts
 * writes) and only checks its shape; login and logout load the sync layer lazily.
 */
export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: SessionUser;
  /** After an admin reset: the app shows only the password change until it is done (SPEC.md S5). */
  readonly mustChangePassword?: boolean;
}

export class LoginError extends Error {
  override readonly name = 'LoginError';
  constructor(
    readonly reason: 'bad_credentials' | 'offline' | 'rate_limited' | 'server',
    message: string,
  ) {
    super(message);
  }
}

function isSession(v: unknown): v is Session {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as { token?: unknown; user?: unknown };
  if (typeof s.token !== 'string' || typeof s.user !== 'object' || s.user === null) return false;
  const u = s.user as { id?: unknown; role?: unknown; unitId?: unknown };
  return typeof u.id === 'string' && typeof u.role === 'string' && typeof u.unitId === 'string';
}

/** The cached session, if any. Offline start-up uses it as is: expiry is the server's call (C9). */
export async function readCachedSession(): Promise<Session | null> {
  const value = await getMeta<unknown>(getDb(), META.session);
  return isSession(value) ? value : null;
}

/** Logs in against the server through the sync layer's session manager, which caches the session. */
export async function loginWithServer(username: string, password: string): Promise<Session> {
  const { login } = await import('./sync-wiring.ts');
  const result = await login(username, password);
  if (result.ok) return result.session;
  const reason =
    result.reason === 'network'
      ? 'offline'
      : result.reason === 'rate_limited'
        ? 'rate_limited'
        : result.reason === 'unauthenticated' || result.reason === 'bad_request'
          ? 'bad_credentials'
          : 'server';
  throw new LoginError(reason, result.message);
}

/**
 * Ends the session: forgets it on the device and tells the server (best effort).
 * Important: the outbox and drafts stay — a worker who logs out offline loses nothing (C9).
 */
export async function logoutEverywhere(): Promise<void> {
  const { logout } = await import('./sync-wiring.ts');
  await logout();
}
