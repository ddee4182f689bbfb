import { ZoufangDB } from '../../src/db/database.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord, deleteRecord, updateRecord, type NewRecord } from '../../src/db/repository.ts';
import { openRows, setDataKey } from '../../src/db/crypto/codec.ts';
import { CLEAR_FIELDS, type SealedStore } from '../../src/db/crypto/row-layout.ts';
import { isSealedRow } from '../../src/db/crypto/seal-row.ts';
import { createVault } from '../../src/db/crypto/vault.ts';
import type { Kind } from '../../src/model/kinds.ts';
import { replicaContract } from './replica-contract.ts';
import { deviceIds, staleIds } from './pull-pages.ts';

let n = 0;

/**
 * [D5] The same contract on a device that is unlocked: every record, outbox entry and refused change is sealed
 * as it is written (cleanup checks every row of every sealed store), and the engine's view is unchanged.
 */
replicaContract('Dexie, sealed (D5)', async () => {
  const db = new ZoufangDB(`replica-sealed-${process.pid}-${++n}`);
  await db.open();
  setDataKey(db, (await createVault('pw-contract-1', 1_000)).key);
  const actor = { userId: 'u-worker1' };
  return {
    replica: createDexieReplica(db),
    create: async (kind, input) =>
      (await createRecord(db, kind, input as unknown as NewRecord<Kind>, actor)).id,
    update: async (kind, id, patch) => {
      await updateRecord(db, kind, id, patch, actor);
    },
    remove: (kind, id) => deleteRecord(db, kind, id, actor),
    row: async (kind, id) => {
      const row = await db.table_(kind).get(id);
      return row ? (await openRows(db, [row]))[0] : undefined;
    },
    ids: () => deviceIds(db),
    rejected: async () => openRows(db, await db.rejected.toArray()),
    stale: () => staleIds(db),
    cleanup: async () => {
      try {
        for (const store of Object.keys(CLEAR_FIELDS) as SealedStore[]) {
          for (const row of (await db.table(store).toArray()) as object[]) {
            if (!isSealedRow(row)) throw new Error(`[D5] a plain row in ${store}: ${JSON.stringify(row)}`);
          }
        }
      } finally {
        db.close();
        await db.delete();
      }
    },
  };
});
