import { PgStore, type PgStoreOptions } from './pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Where `npm start` keeps its data when no DATABASE_URL is given (the folder is gitignored). */
export const DEFAULT_SQLITE_PATH = 'data/zoufang.sqlite';

/**
 * Opens the store named by a URL and runs its migrations:
 * undefined → SQLite at DEFAULT_SQLITE_PATH; `sqlite:PATH` or a bare path → SQLite there; `:memory:` → a
 * throwaway in-memory SQLite; `postgres://…` / `postgresql://…` → PostgreSQL.
 */
export async function openStore(url?: string, pgOptions: PgStoreOptions = {}): Promise<Store> {
  if (url === undefined || url === '') return SqliteStore.open(DEFAULT_SQLITE_PATH);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return PgStore.open(url, pgOptions);
  if (url.startsWith('sqlite:')) return SqliteStore.open(url.slice('sqlite:'.length) || DEFAULT_SQLITE_PATH);
  return SqliteStore.open(url);
}
