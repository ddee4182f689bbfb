import { saveSession } from '../db/session-store.ts';
import { newPasswordSchema } from '../protocol/auth.ts';
import { z } from 'zod';
import { apiJson } from './api.ts';
import { getDb } from './db.ts';
import { sessionStore } from './session.ts';

/** The form's own check of a new password: the shared length rule (the server also refuses common ones). */
export function newPasswordProblem(next: string, repeat: string): string | null {
  const r = newPasswordSchema.safeParse(next);
  if (!r.success) return r.error.issues[0]?.message ?? '新密码不符合要求';
  if (next !== repeat) return '两次输入的新密码不一致';
  return null;
}

/**
 * Changes the signed-in user's password on the server (POST /api/auth/password; needs the network). The
 * session stays valid; a pending forced change (after an admin reset) is cleared here and in the cached session.
 * Throws a RequestError (src/net/errors.ts) with the server's message (wrong current password, a common password, offline …).
 */
export async function changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
  await apiJson(
    {
      method: 'POST',
      path: '/api/auth/password',
      json: { currentPassword, newPassword },
      offlineMessage: '需要联网：修改密码直接提交到服务器，请联网后再试。',
    },
    z.unknown(),
  );
  const s = sessionStore.getState();
  if (s.status !== 'signed-in' || s.session.mustChangePassword !== true) return;
  const { mustChangePassword: _done, ...session } = s.session;
  sessionStore.setState({ status: 'signed-in', session }, true);
  await saveSession(getDb(), session).catch(() => undefined);
}
