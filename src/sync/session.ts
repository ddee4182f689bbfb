import type { SessionCache, StoredSession } from '../db/replica.ts';
import { loginRequestSchema, type SessionUser } from '../protocol/auth.ts';
import { toSyncError } from './errors.ts';
import type { Transport } from './transport.ts';

/**
 * The signed-in session, cached on the device (the replica's SessionCache) so the app opens and works offline on it.
 *
 * Expiry is decided by the server, never by the device clock (device clocks drift by days, P9): an expired
 * session is discovered when a sync gets 401, which puts the engine in `login-required` (C9) without touching
 * the outbox; logging in again (same or other password) resumes the queue. `expiresAt` is for display only.
 */
export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: SessionUser;
}

export type LoginResult =
  | { readonly ok: true; readonly session: Session }
  | { readonly ok: false; readonly reason: string; readonly message: string };

export interface SessionManager {
  /** Signs in online; on success the session is cached on the device and listeners are told. */
  login(username: string, password: string): Promise<LoginResult>;
  /** Forgets the session on the device (and tells the server, best effort). Records and outbox stay. */
  logout(): Promise<void>;
  /** The cached session, if any — also when offline. */
  getSession(): Promise<Session | null>;
  /** For the engine's `getToken`. */
  getToken(): Promise<string | null>;
  /** Told after each login and logout (e.g. the app calls `engine.syncNow()` after a login). */
  subscribe(listener: (session: Session | null) => void): () => void;
}

export function createSessionManager(deps: { cache: SessionCache; transport: Transport }): SessionManager {
  const { cache, transport } = deps;
  const listeners = new Set<(s: Session | null) => void>();
  const tell = (s: Session | null) => {
    for (const fn of listeners) {
      try {
        fn(s);
      } catch {
        // A listener's bug must not break login.
      }
    }
  };

  async function getSession(): Promise<Session | null> {
    return (await cache.load()) ?? null;
  }

  return {
    async login(username, password) {
      const req = loginRequestSchema.safeParse({ username, password });
      if (!req.success) {
        return {
          ok: false,
          reason: 'bad_request',
          message: req.error.issues[0]?.message ?? '请输入用户名和密码',
        };
      }
      try {
        const res = await transport.login(req.data);
        const session: StoredSession = { token: res.token, expiresAt: res.expiresAt, user: res.user };
        await cache.save(session);
        tell(session);
        return { ok: true, session };
      } catch (e) {
        const err = toSyncError(e);
        const message =
          err.reason === 'network'
            ? '无法连接服务器，请在有网络时登录'
            : err.reason === 'unauthenticated'
              ? '用户名或密码不正确'
              : err.reason === 'rate_limited'
                ? '登录尝试过多，请稍后再试'
                : err.message;
        return { ok: false, reason: err.reason, message };
      }
    },
    async logout() {
      const session = await getSession();
      await cache.clear();
      tell(null);
      if (session) {
        try {
          await transport.logout(session.token);
        } catch {
          // Offline or already expired: the device forgot the token, which is what matters here.
        }
      }
    },
    getSession,
    async getToken() {
      return (await getSession())?.token ?? null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
