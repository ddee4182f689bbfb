import { ZoufangDB } from '../../src/db/database.ts';
import type { Replica } from '../../src/db/replica.ts';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../src/sync/engine.ts';
import { createMemoryLock } from '../../src/sync/lock.ts';
import type { FakeServer } from './fake-server.ts';

let n = 0;
export async function openDb(): Promise<ZoufangDB> {
  const db = new ZoufangDB(`sync-test-${process.pid}-${++n}`);
  await db.open();
  return db;
}

export async function dropDb(db: ZoufangDB): Promise<void> {
  db.close();
  await db.delete();
}

/** An engine on a fake server, with its own in-page lock unless one is given, and no browser triggers. */
export function engineFor(
  replica: Replica,
  server: FakeServer,
  over: Partial<SyncEngineOptions> = {},
): SyncEngine {
  return createSyncEngine({
    replica,
    transport: server.transport(),
    getToken: () => Promise.resolve('t1'),
    lock: createMemoryLock(),
    random: () => 0.5,
    installTriggers: () => () => undefined,
    onLocalWrite: () => () => undefined,
    requestBackgroundSync: () => Promise.resolve(),
    isOnline: () => true,
    ...over,
  });
}
