import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PgStore } from '../../src/server/storage/pg-store.ts';
import type { Store, StoredRecord } from '../../src/server/storage/store.ts';
import { storeContract } from './store-contract.ts';
import { PG_URL, dropSchema, randomSchema } from './pg.ts';

storeContract('PostgreSQL', () => {
  const schema = randomSchema();
  return {
    open: () => PgStore.open(PG_URL, { schema }),
    reopen: () => PgStore.open(PG_URL, { schema }),
    cleanup: () => dropSchema(schema),
  };
});

const START = { version: 0, id: '' };

function rec(id: string, version: number): StoredRecord {
  return {
    kind: 'person',
    id,
    version,
    deleted: false,
    unitId: '440310001001',
    streetId: null,
    teamId: null,
    data: { id },
    stamps: {},
  };
}

/** Resolves once some backend of `schema`'s database waits on a lock (polls pg_locks; bounded). */
async function someoneWaitsOnALock(): Promise<void> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  try {
    for (let i = 0; i < 500; i++) {
      const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_locks WHERE NOT granted');
      if (Number(r.rows[0]?.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('no transaction ever waited on a lock');
  } finally {
    await c.end();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  const box: { resolve: () => void } = { resolve: () => undefined };
  const promise = new Promise<void>((r) => {
    box.resolve = r;
  });
  return { promise, resolve: () => box.resolve() };
}

describe('PostgreSQL versions', () => {
  const schema = randomSchema();
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await dropSchema(schema);
  });

  it('[P7] a writer that took the lower version and commits later is not skipped by a pull in between', async () => {
    const s = await PgStore.open(PG_URL, { schema, max: 5 });
    store = s;
    const a1 = '00000000-0000-7000-8000-00000000000a';
    const b1 = '00000000-0000-7000-8000-00000000000b';
    const gate = deferred();
    const aStarted = deferred();

    // Writer A takes the next version, then stays open.
    const a = s.write(async (tx) => {
      const v = tx.version + 1;
      aStarted.resolve();
      await gate.promise;
      await tx.save({ records: [rec(a1, v)], mutations: [], audit: [], client: null, version: v });
      return v;
    });
    await aStarted.promise;
    // Writer B starts later. With a sequence it would commit the higher version first; with the counter row it
    // waits for A. Either way we continue once B is done or blocked.
    const b = s.write(async (tx) => {
      const v = tx.version + 1;
      await tx.save({ records: [rec(b1, v)], mutations: [], audit: [], client: null, version: v });
      return v;
    });
    await Promise.race([b, someoneWaitsOnALock()]);

    const between = await s.pull({ clientId: 'c', area: { all: true }, after: START, limit: 100 });
    gate.resolve();
    const [va, vb] = await Promise.all([a, b]);
    expect(va).toBeLessThan(vb);
    const last = between.rows.at(-1);
    const after = await s.pull({
      clientId: 'c',
      area: { all: true },
      after: last ? { version: last.version, id: last.id } : START,
      limit: 100,
    });
    const seen = [...between.rows, ...after.rows].map((r) => r.id);
    expect(seen.sort()).toEqual([a1, b1]);
  });
});
