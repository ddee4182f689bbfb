import type { ZoufangDB } from '../database.ts';
import { getMeta, setMeta } from '../meta.ts';
import type { Vault } from './vault.ts';

/** Meta key of the wrapped data key: its salt, iteration count and ciphertext, nothing readable without the password. */
export const VAULT_KEY = 'vault';

export function loadVault(db: ZoufangDB): Promise<Vault | undefined> {
  return getMeta<Vault>(db, VAULT_KEY);
}

export function saveVault(db: ZoufangDB, vault: Vault): Promise<void> {
  return setMeta(db, VAULT_KEY, vault);
}
