import type { ZoufangDB } from '../database.ts';
import { setDataKey } from './codec.ts';
import { sealPlainRows } from './migrate.ts';
import { loadVault, saveVault } from './vault-store.ts';
import { createVault, unlockVault } from './vault.ts';

/**
 * Unlocks the device's data with the worker's password (SPEC.md D5, D6): the first time (a new database, or
 * one from before D5) it makes the data key and stores its vault; after that it unwraps the stored key, and a
 * wrong password throws WrongPasswordError with nothing changed. Works offline: the server is not asked.
 * Then seals what is still plain (D7) and returns how many rows that pass sealed.
 *
 * Important: a vault is made only here, from a password the caller has just checked (an online login) — an
 * offline start must never make a new vault, or a finder could unlock with any password they choose. Pass
 * `create: false` there: without a vault it throws instead.
 */
export async function unlockDevice(
  db: ZoufangDB,
  password: string,
  opts: { readonly create: boolean; readonly iterations?: number },
): Promise<number> {
  const stored = await loadVault(db);
  let key: CryptoKey;
  if (stored) key = await unlockVault(stored, password);
  else if (opts.create) {
    const made = await createVault(password, opts.iterations);
    await saveVault(db, made.vault);
    key = made.key;
  } else throw new NoVaultError();
  setDataKey(db, key);
  return sealPlainRows(db, key);
}

/** Forgets the data key (idle lock, logout): every sealed read fails until the next unlock. */
export function lockDevice(db: ZoufangDB): void {
  setDataKey(db, null);
}

/** An offline unlock on a device that never made a vault: only an online login may make one. */
export class NoVaultError extends Error {
  override readonly name = 'NoVaultError';
  readonly reason = 'no_vault';
  constructor() {
    super('本机尚未设置加密，请联网登录');
  }
}
