import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import { storeContract } from './store-contract.ts';

storeContract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zoufang-store-'));
  const path = join(dir, 'test.sqlite');
  return {
    open: () => Promise.resolve(SqliteStore.open(path)),
    reopen: () => Promise.resolve(SqliteStore.open(path)),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
});
