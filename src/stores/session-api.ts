import type { SessionUser } from '../protocol/auth.ts';
import { getMeta, META, setMeta } from '../db/meta.ts';
import { getDb } from './db.ts';

/**
 * The one file that couples the UI's session store to the sync layer's session helpers
 * (`src/sync/session.ts`: login, logout, getSession — the session is cached in the Dexie meta table so the app
 * works offline). Reading the cached session must stay cheap and schema-free: the first screen may not load
 * zod (bundle budget), so the start-up read goes straight to the meta row and only checks its shape.
 */
export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: SessionUser;
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

/**
 * Logs in against the server and caches the session.
 * TODO(sync): delegate to `login` of src/sync/session.ts once it lands; this stand-in speaks the same
 * `POST /api/auth/login` contract and caches the LoginResponse under META.session.
 */
export async function loginWithServer(username: string, password: string): Promise<Session> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new LoginError('offline', '无法连接服务器。首次登录需要网络，请连接网络后重试。');
  }
  if (res.status === 401 || res.status === 400 || res.status === 403) {
    throw new LoginError('bad_credentials', '用户名或密码不正确');
  }
  if (res.status === 429) throw new LoginError('rate_limited', '登录尝试过于频繁，请稍后再试');
  if (!res.ok) throw new LoginError('server', `服务器暂时无法登录（${res.status}），请稍后再试`);
  const body: unknown = await res.json();
  if (!isSession(body)) throw new LoginError('server', '服务器返回的登录信息不完整');
  await setMeta(getDb(), META.session, body);
  return body;
}

/**
 * Ends the session: tells the server when it can (best effort) and forgets the cached session.
 * Important: the outbox and drafts stay — a worker who logs out offline loses nothing (C9).
 */
export async function logoutEverywhere(session: Session | null): Promise<void> {
  if (session) {
    try {
      await fetch('/api/auth/logout', {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}` },
      });
    } catch {
      // Offline: the token expires on the server by itself.
    }
  }
  await setMeta(getDb(), META.session, null);
}
