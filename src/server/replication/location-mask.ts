import { LOCATION_ROLES } from '../../model/roles.ts';
import type { SessionUser } from '../../protocol/auth.ts';

const HIDDEN = Object.freeze({ status: 'hidden' });

/**
 * A record as the caller may receive it (SPEC.md S11): roles that may not see where a record was saved get
 * `location: {status: 'hidden'}` in its place — the place never reaches their devices (PIPL art. 28), the screen
 * still says one was recorded. Why none was taken (`denied`, `timeout`, …) names no place and travels to all.
 *
 * Safe for merges: a device pushes only the fields it changed (P10), so a record pulled with its place hidden
 * and corrected on the device never sends `location` back; and a stored place is fixed (IMMUTABLE_FIELDS).
 */
export function forCaller<T extends Readonly<Record<string, unknown>> | null>(user: SessionUser, data: T): T {
  if (data === null || LOCATION_ROLES.has(user.role)) return data;
  const location = data['location'];
  if (
    typeof location !== 'object' ||
    location === null ||
    !('status' in location) ||
    location.status !== 'ok'
  ) {
    return data;
  }
  return { ...data, location: HIDDEN };
}
