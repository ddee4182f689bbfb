import { readFileSync } from 'node:fs';
import { ProtocolError } from '../../protocol/errors.ts';
import { MIN_PASSWORD_LENGTH } from '../../protocol/auth.ts';

/**
 * The rules a NEW password must meet (SPEC.md S5): at least MIN_PASSWORD_LENGTH characters (checked by the shared
 * schema), not one of the common passwords shipped in common-passwords.txt, not the username. Existing hashes are
 * never re-checked at login: only a new password is (own change, admin reset, CLI).
 */
let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
  return common;
}

/** Why `password` may not be set for `username`, or null when it may. */
export function passwordRefusal(password: string, username: string): string | null {
  if (Array.from(password).length < MIN_PASSWORD_LENGTH) return `密码至少${MIN_PASSWORD_LENGTH}位`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return '该密码过于常见，容易被猜中，请换一个';
  if (lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

/** Throws 400 `bad_request` with the reason when the password breaks a rule. */
export function assertPasswordAllowed(password: string, username: string): void {
  const why = passwordRefusal(password, username);
  if (why !== null) throw new ProtocolError('bad_request', why, { field: 'password' });
}
