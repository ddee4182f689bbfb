import type { RecordLocation } from '../../model/records/location.ts';

/** The longest a save waits for a fix (SPEC.md S11). */
export const LOCATE_TIMEOUT_MS = 10_000;

/**
 * One fix from the Geolocation API, as a record's `location`. Never rejects and always settles within
 * `timeoutMs`: a denied permission, no position or no answer at all becomes `{status}`, so a save never waits
 * longer than the timeout and never fails for want of a place.
 *
 * Important: the API's own `timeout` does not cover the permission prompt — a prompt the worker ignores leaves
 * getCurrentPosition unanswered for ever (Chromium, Safari) — hence the timer of our own around it.
 */
export function locate(
  geo: Geolocation | undefined = typeof navigator === 'undefined' ? undefined : navigator.geolocation,
  timeoutMs = LOCATE_TIMEOUT_MS,
): Promise<RecordLocation> {
  if (!geo) return Promise.resolve({ status: 'unavailable' });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (l: RecordLocation) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(l);
    };
    const timer = setTimeout(() => settle({ status: 'timeout' }), timeoutMs);
    try {
      geo.getCurrentPosition(
        (pos) =>
          settle({
            status: 'ok',
            lat: pos.coords.latitude,
            lng: pos.coords.longitude,
            accuracyM: Math.min(100_000, Math.ceil(pos.coords.accuracy)),
            at: new Date(pos.timestamp || Date.now()).toISOString(),
          }),
        (err) =>
          settle({
            status:
              err.code === err.PERMISSION_DENIED
                ? 'denied'
                : err.code === err.TIMEOUT
                  ? 'timeout'
                  : 'unavailable',
          }),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
      );
    } catch {
      // Some embedded browsers throw instead of calling back (e.g. geolocation blocked by policy).
      settle({ status: 'unavailable' });
    }
  });
}
