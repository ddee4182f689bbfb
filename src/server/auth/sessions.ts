import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse, SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Store, UserRow } from '../storage/store.ts';
import { dummyHash, verifyPassword } from './password.ts';

/** How long a session lives. Not sliding: a worker logs in again after a month (the outbox survives, C9). */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toSessionUser(u: UserRow): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    teamId: u.teamId,
  };
}

/** Verifies the password and opens a session; the token is returned once and stored only as its hash (S5). */
export async function login(
  store: Store,
  username: string,
  password: string,
  now = new Date(),
): Promise<LoginResponse> {
  const user = await store.getUserByUsername(username);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) throw new ProtocolError('unauthenticated', '用户名或密码错误');
  if (user.disabled) throw new ProtocolError('forbidden', '该账号已停用，请联系管理员');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await store.deleteExpiredSessions(now);
  await store.createSession(hashToken(token), user.id, expiresAt);
  await store.appendAudit([{ userId: user.id, action: 'login', kind: null, recordId: null, detail: null }]);
  return { token, expiresAt: expiresAt.toISOString(), user: toSessionUser(user) };
}

/** The bearer token of an `Authorization` header, or null. */
export function bearer(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header ?? '');
  return m?.[1] ?? null;
}

/** The user of a live session; 401 `unauthenticated` for a missing, unknown or expired token, or a disabled user. */
export async function authenticate(
  store: Store,
  header: string | undefined,
  now = new Date(),
): Promise<SessionUser> {
  const token = bearer(header);
  if (token === null) throw new ProtocolError('unauthenticated', '请先登录');
  const session = await store.getSession(hashToken(token));
  if (!session || session.expiresAt.getTime() <= now.getTime()) {
    throw new ProtocolError('unauthenticated', '登录已过期，请重新登录');
  }
  const user = await store.getUser(session.userId);
  if (!user || user.disabled) throw new ProtocolError('unauthenticated', '账号不可用，请重新登录');
  return toSessionUser(user);
}

export async function logout(store: Store, header: string | undefined): Promise<void> {
  const token = bearer(header);
  if (token !== null) await store.deleteSession(hashToken(token));
}
