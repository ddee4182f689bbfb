import { ProtocolError } from '../../protocol/errors.ts';
import type { Store } from '../storage/store.ts';

/**
 * Login throttling (SPEC.md S6), counted from the failed logins kept in the database: it survives restarts and
 * spans every server process on one database. Two limits, checked before the password is: failures of one
 * account from any address (a slow guess spread over many addresses), and failures from one address over any
 * account (one address trying a password on many accounts). A success forgets the account's failures only.
 */
export interface LoginThrottle {
  /** Failures of one username within the window before it is refused. */
  readonly perAccount: number;
  /** Failures from one address within the window before it is refused. */
  readonly perAddress: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottle = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

/** "3 分钟" / "40 秒": the wait in the largest unit that is not zero, rounded up. */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s >= 60 ? `${Math.ceil(s / 60)} 分钟` : `${s} 秒`;
}

/** When the window admits another try: the limit-th newest failure leaves the window. */
async function blockedUntil(
  store: Store,
  q: { username: string } | { address: string },
  limit: number,
  t: LoginThrottle,
  now: Date,
): Promise<number | null> {
  const since = new Date(now.getTime() - t.windowMs);
  const times = await store.loginFailureTimes({ ...q, since, limit });
  const oldest = times[limit - 1];
  return times.length >= limit && oldest ? oldest.getTime() + t.windowMs : null;
}

/** Throws 429 `rate_limited` with the wait in the message and `details.retryAfterSeconds` while either limit is hit. */
export async function assertLoginAllowed(
  store: Store,
  username: string,
  address: string,
  t: LoginThrottle,
  now = new Date(),
): Promise<void> {
  const until = Math.max(
    (await blockedUntil(store, { username }, t.perAccount, t, now)) ?? 0,
    (await blockedUntil(store, { address }, t.perAddress, t, now)) ?? 0,
  );
  if (until > now.getTime()) {
    const wait = until - now.getTime();
    throw new ProtocolError('rate_limited', `登录失败次数过多，请 ${waitText(wait)}后再试`, {
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }
}
