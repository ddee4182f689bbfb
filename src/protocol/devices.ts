import { z } from 'zod';

/** A user's device as the admin sees it (SPEC.md D4): GET /api/admin/users/:id/devices. ISO instants. */
export const adminDeviceSchema = z.object({
  clientId: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  appVersion: z.string().nullable(),
  /** Set when a wipe was asked for (disable, password reset, 注销此设备) and the device has not reached us since. */
  wipeRequestedAt: z.string().nullable(),
  wipeReason: z.enum(['disabled', 'password_reset', 'admin']).nullable(),
  wipedAt: z.string().nullable(),
});
export type AdminDevice = z.infer<typeof adminDeviceSchema>;

export const devicesResponseSchema = z.object({ devices: z.array(adminDeviceSchema) });
export type DevicesResponse = z.infer<typeof devicesResponseSchema>;

/** `${ADMIN_USERS_PATH}/:id/devices`, and `/:clientId/wipe` below it (POST: 注销此设备). */
export const devicesPath = (userId: string): string =>
  `/api/admin/users/${encodeURIComponent(userId)}/devices`;
export const deviceWipePath = (userId: string, clientId: string): string =>
  `${devicesPath(userId)}/${encodeURIComponent(clientId)}/wipe`;
