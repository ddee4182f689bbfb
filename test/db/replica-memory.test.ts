import { KINDS } from '../../src/model/kinds.ts';
import { MemoryReplica } from '../../src/db/memory-replica.ts';
import { replicaContract } from './replica-contract.ts';

replicaContract('memory', () => {
  const m = new MemoryReplica();
  const by = 'u-worker1';
  return Promise.resolve({
    replica: m,
    create: async (kind, input) => (await m.create(kind, input, by)).id,
    update: async (kind, id, patch) => {
      await m.update(kind, id, patch, by);
    },
    remove: (kind, id) => m.remove(kind, id, by),
    row: (kind, id) => Promise.resolve(m.get(kind, id)),
    ids: () => Promise.resolve(KINDS.flatMap((k) => m.ids(k)).sort()),
    rejected: () => Promise.resolve(m.rejected()),
    stale: () => Promise.resolve(m.staleIds().sort()),
    cleanup: () => Promise.resolve(),
  });
});
