import type { AdminDevice } from '../../protocol/devices.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { DeviceRow, WipeReason } from '../storage/device-store.ts';
import type { Store } from '../storage/store.ts';

function toAdminDevice(d: DeviceRow): AdminDevice {
  return {
    clientId: d.clientId,
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    appVersion: d.appVersion,
    wipeRequestedAt: d.wipeRequestedAt,
    wipeReason: d.wipeReason,
    wipedAt: d.wipedAt,
  };
}

/** A user's devices for the admin (D4). */
export async function listUserDevices(store: Store, userId: string): Promise<AdminDevice[]> {
  if (!(await store.getUser(userId))) throw new ProtocolError('not_found', '用户不存在', { id: userId });
  return (await store.devices.list(userId)).map(toAdminDevice);
}

/** 注销此设备 (D3): marks one device of the user for wipe; audited with the admin who asked. */
export async function wipeUserDevice(
  store: Store,
  adminId: string,
  userId: string,
  clientId: string,
): Promise<AdminDevice> {
  const device = await store.devices.get(clientId);
  if (!device || device.userId !== userId) {
    throw new ProtocolError('not_found', '该用户没有这台设备', { userId, clientId });
  }
  await requestWipe(store, adminId, userId, clientId, 'admin');
  const after = await store.devices.get(clientId);
  return toAdminDevice(after ?? device);
}

/** Marks the user's devices (one, or all with `clientId` null) for wipe and records who asked (D3). */
export async function requestWipe(
  store: Store,
  adminId: string | null,
  userId: string,
  clientId: string | null,
  reason: WipeReason,
): Promise<void> {
  const n = await store.devices.requestWipe(userId, clientId, reason, new Date());
  await store.appendAudit([
    {
      userId: adminId,
      action: 'device_wipe_requested',
      kind: null,
      recordId: null,
      detail: { userId, clientId, reason, devices: n },
    },
  ]);
}
