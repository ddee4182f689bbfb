import type { DeviceRow, DeviceSeen, DeviceStore, WipeReason } from './device-store.ts';
import { toDevice } from './device-store.ts';
import type { Lock } from './lock.ts';
import type { Db, Raw } from './sqlite-sql.ts';

/** The devices table on SQLite (SPEC.md D4), under the store's one lock. */
export function sqliteDevices(db: Db, lock: Lock): DeviceStore {
  const upsert = db.prepare(
    `INSERT INTO devices (client_id, user_id, first_seen, last_seen, app_version, token_hash)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (client_id) DO UPDATE SET last_seen = excluded.last_seen,
       app_version = COALESCE(excluded.app_version, devices.app_version), token_hash = excluded.token_hash
     WHERE devices.user_id = excluded.user_id AND devices.wiped_at IS NULL`,
  );
  const one = db.prepare('SELECT * FROM devices WHERE client_id = ?');
  const ofUser = db.prepare('SELECT * FROM devices WHERE user_id = ? ORDER BY last_seen DESC, client_id');
  const wipeOne = db.prepare(
    `UPDATE devices SET wipe_requested_at = ?, wipe_reason = ?
     WHERE user_id = ? AND client_id = ? AND wiped_at IS NULL`,
  );
  const wipeAll = db.prepare(
    'UPDATE devices SET wipe_requested_at = ?, wipe_reason = ? WHERE user_id = ? AND wiped_at IS NULL',
  );
  const wiped = db.prepare('UPDATE devices SET wiped_at = ?, token_hash = NULL WHERE client_id = ?');
  const get = (clientId: string): DeviceRow | null => {
    const row = one.get(clientId) as Raw | undefined;
    return row ? toDevice(row) : null;
  };
  return {
    see: (d: DeviceSeen) =>
      lock.run(() => {
        const at = d.at.toISOString();
        upsert.run(d.clientId, d.userId, at, at, d.appVersion, d.tokenHash);
        return get(d.clientId);
      }),
    get: (clientId) => lock.run(() => get(clientId)),
    list: (userId) => lock.run(() => (ofUser.all(userId) as Raw[]).map(toDevice)),
    requestWipe: (userId: string, clientId: string | null, reason: WipeReason, at: Date) =>
      lock.run(() =>
        clientId === null
          ? wipeAll.run(at.toISOString(), reason, userId).changes
          : wipeOne.run(at.toISOString(), reason, userId, clientId).changes,
      ),
    markWiped: (clientId, at) =>
      lock.run(() => {
        wiped.run(at.toISOString(), clientId);
      }),
  };
}
