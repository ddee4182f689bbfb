import { Dexie } from 'dexie';
import type { ZoufangDB } from '../database.ts';
import { StorageError } from '../errors.ts';
import type { SealedStore } from './row-layout.ts';
import { isSealedRow, openRow, sealRow } from './seal-row.ts';
import { isSealed, seal, unseal } from './sealed.ts';

/**
 * Where src/db seals what it writes and opens what it reads (SPEC.md D5). Each database has at most one data
 * key, set after unlock (`setDataKey`); with a key every row written is sealed, without one rows are written
 * plain (a device from before D5 until its first unlock; the unit tests of the other layers). A sealed row
 * read without the key is refused (`locked`), never shown half.
 *
 * Important: WebCrypto is asynchronous and an IndexedDB transaction commits as soon as it waits on anything
 * else (Dexie: PrematureCommitError). Inside a transaction every seal and open goes through `Dexie.waitFor`,
 * which keeps the transaction alive meanwhile; callers batch a page's rows into one wait.
 */
const keys = new WeakMap<ZoufangDB, CryptoKey>();
/** Databases that had a key and were locked again: they neither read nor write until the next unlock. */
const locked = new WeakSet<ZoufangDB>();

/** `null` locks: a locked database refuses writes too (a plain row must never follow a sealed one). */
export function setDataKey(db: ZoufangDB, key: CryptoKey | null): void {
  if (key) {
    keys.set(db, key);
    locked.delete(db);
  } else {
    keys.delete(db);
    locked.add(db);
  }
}

export function dataKey(db: ZoufangDB): CryptoKey | undefined {
  return keys.get(db);
}

function keep<T>(work: Promise<T>): Promise<T> {
  return Dexie.currentTransaction ? Dexie.waitFor(work) : work;
}

function keyFor(db: ZoufangDB): CryptoKey {
  const key = keys.get(db);
  if (!key) throw new StorageError('unknown', '本机数据已加密，请先输入密码解锁');
  return key;
}

/** The rows as stored: sealed when the database has a key, else as they are. Typed as given (the tables' types). */
export async function sealRows<T extends object>(
  db: ZoufangDB,
  store: SealedStore,
  rows: readonly T[],
): Promise<T[]> {
  if (locked.has(db)) keyFor(db);
  const key = keys.get(db);
  if (!key || rows.length === 0) return [...rows];
  return (await keep(Promise.all(rows.map((r) => sealRow(key, store, r))))) as unknown as T[];
}

export async function sealOne<T extends object>(db: ZoufangDB, store: SealedStore, row: T): Promise<T> {
  return (await sealRows(db, store, [row]))[0] as T;
}

/** The rows as written before sealing; plain rows (before D7's pass) as they are. */
export async function openRows<T extends object>(db: ZoufangDB, rows: readonly T[]): Promise<T[]> {
  if (!rows.some((r) => isSealedRow(r))) return [...rows];
  const key = keyFor(db);
  return keep(Promise.all(rows.map((r) => openRow<T>(key, r))));
}

export async function openOne<T extends object>(db: ZoufangDB, row: T | undefined): Promise<T | undefined> {
  return row === undefined ? undefined : (await openRows(db, [row]))[0];
}

/** A meta value (the cached session, D5): sealed with a key, else as it is. */
export async function sealValue(db: ZoufangDB, value: unknown): Promise<unknown> {
  if (locked.has(db)) keyFor(db);
  const key = keys.get(db);
  return key ? keep(seal(key, value)) : value;
}

export async function openValue<T>(db: ZoufangDB, value: unknown): Promise<T> {
  if (!isSealed(value)) return value as T;
  return keep(unseal<T>(keyFor(db), value));
}
