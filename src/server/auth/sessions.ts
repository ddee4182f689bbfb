import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse, SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Store, UserRow } from '../storage/store.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { assertLoginAllowed, DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './throttle.ts';

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

/** Where a request came from, for the throttle and the audit log. */
export interface Caller {
  readonly address: string;
  readonly clientId?: string | null;
}

/**
 * Verifies the password and opens a session; the token is returned once and stored only as its hash (S5).
 * Throttled per account and per address before the password is checked (S6); every outcome is audited (S7).
 * A hash of an older, cheaper cost is replaced by one of today's cost (transparent rehash).
 */
export async function login(
  store: Store,
  username: string,
  password: string,
  caller: Caller,
  throttle: LoginThrottle = DEFAULT_LOGIN_THROTTLE,
  now = new Date(),
): Promise<LoginResponse> {
  const name = username.trim().toLowerCase().slice(0, 60);
  const audit = { address: caller.address, clientId: caller.clientId ?? null, kind: null, recordId: null };
  await assertLoginAllowed(store, name, caller.address, throttle, now);
  const user = await store.getUserByUsername(username);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await store.recordLoginFailure(name, caller.address, now);
    await store.appendAudit([
      { ...audit, userId: user?.id ?? null, action: 'login_failed', detail: { username: name } },
    ]);
    throw new ProtocolError('unauthenticated', '用户名或密码错误');
  }
  if (user.disabled) {
    await store.appendAudit([
      { ...audit, userId: user.id, action: 'login_failed', detail: { disabled: true } },
    ]);
    throw new ProtocolError('forbidden', '该账号已停用，请联系管理员');
  }
  await store.clearLoginFailures(name, new Date(now.getTime() - throttle.windowMs));
  if (needsRehash(user.passwordHash)) {
    await store.updateUser(user.id, { passwordHash: await hashPassword(password) });
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await store.deleteExpiredSessions(now);
  await store.createSession(hashToken(token), user.id, expiresAt);
  await store.appendAudit([{ ...audit, userId: user.id, action: 'login', detail: null }]);
  const res: LoginResponse = { token, expiresAt: expiresAt.toISOString(), user: toSessionUser(user) };
  if (user.mustChangePassword) res.mustChangePassword = true;
  return res;
}

/** The bearer token of an `Authorization` header, or null. */
export function bearer(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header ?? '');
  return m?.[1] ?? null;
}

export interface Authenticated {
  readonly user: SessionUser;
  /** Set after an admin reset until the user chose a new password. */
  readonly mustChangePassword: boolean;
}

/** The user of a live session; 401 `unauthenticated` for a missing, unknown or expired token, or a disabled user. */
export async function authenticateFull(
  store: Store,
  header: string | undefined,
  now = new Date(),
): Promise<Authenticated> {
  const token = bearer(header);
  if (token === null) throw new ProtocolError('unauthenticated', '请先登录');
  const session = await store.getSession(hashToken(token));
  if (!session || session.expiresAt.getTime() <= now.getTime()) {
    throw new ProtocolError('unauthenticated', '登录已过期，请重新登录');
  }
  const user = await store.getUser(session.userId);
  if (!user || user.disabled) throw new ProtocolError('unauthenticated', '账号不可用，请重新登录');
  return { user: toSessionUser(user), mustChangePassword: user.mustChangePassword };
}

/**
 * The user of a live session that may use the API: a user who must change its password gets 403 `forbidden`
 * with `details.mustChangePassword` everywhere but /api/auth/password, /me and logout.
 */
export async function authenticate(
  store: Store,
  header: string | undefined,
  now = new Date(),
): Promise<SessionUser> {
  const a = await authenticateFull(store, header, now);
  if (a.mustChangePassword) {
    throw new ProtocolError('forbidden', '管理员已重置您的密码，请先设置新密码', {
      mustChangePassword: true,
    });
  }
  return a.user;
}

export async function logout(store: Store, header: string | undefined): Promise<void> {
  const token = bearer(header);
  if (token !== null) await store.deleteSession(hashToken(token));
}
