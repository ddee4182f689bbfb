import { LOCATION_ROLES } from '../../model/roles.ts';
import type { SessionUser } from '../../protocol/auth.ts';

/**
 * A record as the caller may receive it (SPEC.md S11): roles that may not see where a record was saved get it
 * without `location` — the place never reaches their devices, not even masked on the screen (PIPL art. 28).
 * Why none was taken (`denied`, `timeout`, …) names no place and travels to all.
 *
 * Safe for merges: a device pushes only the fields it changed (P10), so a record pulled without `location` and
 * corrected on the device never sends the field back, and the server keeps the stored one.
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
  const { location: _place, ...rest } = data;
  return rest as T;
}
