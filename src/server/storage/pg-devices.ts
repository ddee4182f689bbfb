import type { Pool } from 'pg';
import type { DeviceRow, DeviceSeen, DeviceStore, WipeReason } from './device-store.ts';
import { toDevice } from './device-store.ts';
import { rowsOf } from './pg-sql.ts';

/** The devices table on PostgreSQL (SPEC.md D4). */
export function pgDevices(pool: Pool): DeviceStore {
  const get = async (clientId: string): Promise<DeviceRow | null> => {
    const [row] = await rowsOf(pool, 'SELECT * FROM devices WHERE client_id = $1', [clientId]);
    return row ? toDevice(row) : null;
  };
  return {
    async see(d: DeviceSeen) {
      await pool.query(
        `INSERT INTO devices (client_id, user_id, first_seen, last_seen, app_version, token_hash)
         VALUES ($1, $2, $3, $3, $4, $5)
         ON CONFLICT (client_id) DO UPDATE SET last_seen = excluded.last_seen,
           app_version = COALESCE(excluded.app_version, devices.app_version), token_hash = excluded.token_hash
         WHERE devices.user_id = excluded.user_id AND devices.wiped_at IS NULL`,
        [d.clientId, d.userId, d.at, d.appVersion, d.tokenHash],
      );
      return get(d.clientId);
    },
    get,
    async list(userId) {
      const rows = await rowsOf(
        pool,
        'SELECT * FROM devices WHERE user_id = $1 ORDER BY last_seen DESC, client_id',
        [userId],
      );
      return rows.map(toDevice);
    },
    async requestWipe(userId: string, clientId: string | null, reason: WipeReason, at: Date) {
      const res = await pool.query(
        `UPDATE devices SET wipe_requested_at = $1, wipe_reason = $2
         WHERE user_id = $3 AND ($4::text IS NULL OR client_id = $4) AND wiped_at IS NULL`,
        [at, reason, userId, clientId],
      );
      return res.rowCount ?? 0;
    },
    async markWiped(clientId, at) {
      await pool.query('UPDATE devices SET wiped_at = $1, token_hash = NULL WHERE client_id = $2', [
        at,
        clientId,
      ]);
    },
  };
}
