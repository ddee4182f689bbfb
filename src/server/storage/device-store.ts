import { text, textOrNull } from './rows.ts';

/** Why a device is to be wiped (SPEC.md D3): the admin action that asked for it. */
export type WipeReason = 'disabled' | 'password_reset' | 'admin';

/** A device of a user as the server knows it (SPEC.md D4): the client id it syncs with. ISO instants. */
export interface DeviceRow {
  readonly clientId: string;
  readonly userId: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly appVersion: string | null;
  /** SHA-256 of the session token the device last synced with; cleared once the device is wiped. */
  readonly tokenHash: string | null;
  readonly wipeRequestedAt: string | null;
  readonly wipeReason: WipeReason | null;
  readonly wipedAt: string | null;
}

export interface DeviceSeen {
  readonly clientId: string;
  readonly userId: string;
  readonly tokenHash: string;
  readonly appVersion: string | null;
  readonly at: Date;
}

/** The devices table, on both stores. */
export interface DeviceStore {
  /**
   * Records a sync request of `clientId` by `userId` (first seen on the first, last seen and token on every
   * one); a client id already bound to another user is left as it is (S4 refuses that push). Returns the row.
   */
  see(d: DeviceSeen): Promise<DeviceRow | null>;
  get(clientId: string): Promise<DeviceRow | null>;
  /** The user's devices, most recently seen first. */
  list(userId: string): Promise<DeviceRow[]>;
  /** Marks one device of the user (or all, `clientId` null) for wipe, unless already wiped; returns how many. */
  requestWipe(userId: string, clientId: string | null, reason: WipeReason, at: Date): Promise<number>;
  /** The device was answered `device_wiped`: done, and its token no longer opens anything. */
  markWiped(clientId: string, at: Date): Promise<void>;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : text(v);

export function toDevice(r: Record<string, unknown>): DeviceRow {
  return {
    clientId: text(r['client_id']),
    userId: text(r['user_id']),
    firstSeen: iso(r['first_seen']) ?? '',
    lastSeen: iso(r['last_seen']) ?? '',
    appVersion: textOrNull(r['app_version']),
    tokenHash: textOrNull(r['token_hash']),
    wipeRequestedAt: iso(r['wipe_requested_at']),
    wipeReason: textOrNull(r['wipe_reason']) as WipeReason | null,
    wipedAt: iso(r['wiped_at']),
  };
}
