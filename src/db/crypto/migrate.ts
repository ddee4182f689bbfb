import type { Table } from 'dexie';
import type { ZoufangDB } from '../database.ts';
import { META } from '../meta.ts';
import { CLEAR_FIELDS, type SealedStore } from './row-layout.ts';
import { isSealedRow, sealRow } from './seal-row.ts';
import { isSealed, seal } from './sealed.ts';

/** Rows sealed per transaction: small enough that a save waiting behind one is not held up for long. */
export const MIGRATION_BATCH = 500;

/**
 * Seals every plain row of the database (SPEC.md D7), after unlock. A Dexie upgrade cannot do it: WebCrypto
 * is asynchronous, and an IndexedDB transaction commits as soon as it waits on anything else. So each batch is
 * read, sealed outside any transaction, then written in a short one that re-reads each row and replaces it
 * only if it is still the plain row that was sealed: a row another tab wrote meanwhile is left for the next
 * pass, so no write is lost. Rows are never deleted, so every record and pending change stays. Returns how
 * many rows were sealed; run it again until it returns 0 (it loops itself while rows keep being found).
 */
export async function sealPlainRows(db: ZoufangDB, key: CryptoKey, batch = MIGRATION_BATCH): Promise<number> {
  let total = 0;
  for (const store of Object.keys(CLEAR_FIELDS) as SealedStore[]) {
    total += await sealStore(db, db.table(store), store, key, batch);
  }
  total += await sealSession(db, key);
  return total;
}

async function sealStore(
  db: ZoufangDB,
  table: Table,
  store: SealedStore,
  key: CryptoKey,
  batch: number,
): Promise<number> {
  let sealed = 0;
  let after: unknown = undefined;
  for (;;) {
    const range = after === undefined ? table.toCollection() : table.where(':id').above(after);
    const rows = (await range.limit(batch).toArray()) as object[];
    if (rows.length === 0) return sealed;
    after = primaryKey(table, rows[rows.length - 1] as object);
    const plain = rows.filter((r) => !isSealedRow(r));
    if (plain.length === 0) continue;
    const next = await Promise.all(plain.map((r) => sealRow(key, store, r)));
    sealed += await db.transaction('rw', table, async () => {
      const keys = plain.map((r) => primaryKey(table, r));
      const now = (await table.bulkGet(keys)) as (object | undefined)[];
      const writes = next.filter((_, i) => {
        const cur = now[i];
        return cur !== undefined && !isSealedRow(cur) && sameRow(cur, plain[i] as object);
      });
      await table.bulkPut(writes);
      return writes.length;
    });
  }
}

/** The cached session (its token is a password for its lifetime): meta `session`'s value, sealed in place. */
async function sealSession(db: ZoufangDB, key: CryptoKey): Promise<number> {
  const row = await db.meta.get(META.session);
  if (!row || isSealed(row.value)) return 0;
  const value = await seal(key, row.value);
  return db.transaction('rw', db.meta, async () => {
    const cur = await db.meta.get(META.session);
    if (!cur || !sameRow(cur, row)) return 0;
    await db.meta.put({ key: META.session, value });
    return 1;
  });
}

/** Every sealed store is keyed by one plain field (`id`, `seq` or `key`), which stays in the clear. */
function primaryKey(table: Table, row: object): string | number {
  return (row as Record<string, string | number>)[String(table.schema.primKey.keyPath)] as string | number;
}

/** Rows are plain JSON data until sealed, so equal JSON means nobody wrote the row in between. */
function sameRow(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
