import { ZoufangDB } from '../../src/db/database.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord, deleteRecord, updateRecord, type NewRecord } from '../../src/db/repository.ts';
import type { Kind } from '../../src/model/kinds.ts';
import { replicaContract } from './replica-contract.ts';
import { deviceIds, staleIds } from './pull-pages.ts';

let n = 0;

replicaContract('Dexie (fake-indexeddb)', async () => {
  const db = new ZoufangDB(`replica-contract-${process.pid}-${++n}`);
  await db.open();
  const actor = { userId: 'u-worker1' };
  return {
    replica: createDexieReplica(db),
    create: async (kind, input) =>
      (await createRecord(db, kind, input as unknown as NewRecord<Kind>, actor)).id,
    update: async (kind, id, patch) => {
      await updateRecord(db, kind, id, patch, actor);
    },
    remove: (kind, id) => deleteRecord(db, kind, id, actor),
    row: (kind, id) => db.table_(kind).get(id),
    ids: () => deviceIds(db),
    rejected: () => db.rejected.toArray(),
    stale: () => staleIds(db),
    cleanup: async () => {
      db.close();
      await db.delete();
    },
  };
});
