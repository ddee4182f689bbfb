import { z } from 'zod';

/**
 * 记录位置: where the device was when a visit, 慰问, need or activity was saved (SPEC.md S11). Optional on
 * every record that takes it, so records and clients from before stay valid. A location that could not be had
 * is kept as what happened (`denied`, `unavailable`, `timeout`), never as a made-up place: a worker who says no
 * to location still saves. `at` is the device's clock at the fix, shown to people only (like `updatedAt`).
 *
 * Important: a location is personal data that needs protection (PIPL art. 28). Only street staff and the
 * district admin see it (model/roles.ts LOCATION_ROLES); the server strips it from pulls and exports for others.
 */
export const LOCATION_FAILURES = ['denied', 'unavailable', 'timeout'] as const;
export type LocationFailure = (typeof LOCATION_FAILURES)[number];

export const locationSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    /** Radius in metres of the fix's 68 % confidence (the Geolocation API's `accuracy`), rounded up. */
    accuracyM: z.number().int().min(0).max(100_000),
    at: z.string().min(1).max(40),
  }),
  z.object({ status: z.enum(LOCATION_FAILURES) }),
  /**
   * What a role outside LOCATION_ROLES pulls in place of a place (server/replication/location-mask.ts): that one
   * was recorded, not where. Never produced by a device; the server keeps the place itself (S11).
   */
  z.object({ status: z.literal('hidden') }),
]);
export type RecordLocation = z.infer<typeof locationSchema>;

/** The field every locatable schema spreads in. */
export const locatable = { location: locationSchema.optional() };

/** What a role outside LOCATION_ROLES reads where a place was recorded: on the screen and in exports. */
export const LOCATION_MASKED = '已记录位置（仅街道、区级可见）';

const FAILURE_TEXT: Record<LocationFailure, string> = {
  denied: '未记录位置（未获定位权限）',
  unavailable: '未记录位置（无法定位）',
  timeout: '未记录位置（定位超时）',
};

/** The location as people read it: `22.543100, 114.057900（±12 米）`, or why there is none. */
export function locationText(l: RecordLocation): string {
  if (l.status === 'hidden') return LOCATION_MASKED;
  if (l.status !== 'ok') return FAILURE_TEXT[l.status];
  return `${l.lat.toFixed(6)}, ${l.lng.toFixed(6)}（±${l.accuracyM} 米）`;
}
