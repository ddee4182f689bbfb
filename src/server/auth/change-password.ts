import { changePasswordRequestSchema } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Store } from '../storage/store.ts';
import { parseOr400 } from '../validate.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { authenticateFull, bearer, hashToken, type Caller } from './sessions.ts';
import { assertLoginAllowed, DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './throttle.ts';

/**
 * POST /api/auth/password: a user sets its own password (also the way out of an admin reset, SPEC.md S5). The
 * current password is asked again and wrong answers count as failed logins (S6). Every other session of the
 * user ends; the calling one stays, so the device keeps working.
 */
export async function changeOwnPassword(
  store: Store,
  authorization: string | undefined,
  body: unknown,
  caller: Caller,
  throttle: LoginThrottle = DEFAULT_LOGIN_THROTTLE,
  now = new Date(),
): Promise<{ ok: true }> {
  const { user } = await authenticateFull(store, authorization, now);
  const parsed = changePasswordRequestSchema.safeParse(body);
  // The form shows the message as it is: the rule broken, not a generic "bad request".
  const req = parseOr400(changePasswordRequestSchema, body, parsed.error?.issues[0]?.message);
  const row = await store.getUser(user.id);
  const session = await store.getSession(hashToken(bearer(authorization) ?? ''));
  if (!row || !session) throw new ProtocolError('unauthenticated', '请先登录');
  await assertLoginAllowed(store, row.username, caller.address, throttle, now);
  if (!(await verifyPassword(req.currentPassword, row.passwordHash))) {
    await store.recordLoginFailure(row.username, caller.address, now);
    await store.appendAudit([
      {
        userId: row.id,
        action: 'password_change_failed',
        kind: null,
        recordId: null,
        detail: null,
        address: caller.address,
        clientId: caller.clientId ?? null,
      },
    ]);
    throw new ProtocolError('bad_request', '当前密码不正确', { field: 'currentPassword' });
  }
  assertPasswordAllowed(req.newPassword, row.username);
  if (req.newPassword === req.currentPassword) {
    throw new ProtocolError('bad_request', '新密码不能与当前密码相同', { field: 'newPassword' });
  }
  await store.updateUser(row.id, {
    passwordHash: await hashPassword(req.newPassword),
    mustChangePassword: false,
  });
  await store.deleteUserSessions(row.id);
  await store.createSession(hashToken(bearer(authorization) ?? ''), row.id, session.expiresAt);
  await store.appendAudit([
    {
      userId: row.id,
      action: 'password_change',
      kind: null,
      recordId: null,
      detail: null,
      address: caller.address,
      clientId: caller.clientId ?? null,
    },
  ]);
  return { ok: true };
}
