import { buildApp } from './app.ts';
import { demoSummary, seedDemo } from './demo.ts';
import { LocalNotifier, type ChangeNotifier } from './pokes/notifier.ts';
import { PgNotifier } from './pokes/pg-notifier.ts';
import { DEFAULT_SQLITE_PATH, openStore } from './storage/open.ts';

/** Requests still running this long after SIGTERM are cut; the process is gone before 5 s. */
const DRAIN_MS = 3_000;
const EXIT_MS = 4_500;

/**
 * `npm start` / `npm run serve`: opens the store (DATABASE_URL, else the SQLite file under data/), seeds the
 * demo org and accounts on first start, serves dist/ and the API.
 * Env: PORT (8080), HOST (127.0.0.1), DATABASE_URL, DATABASE_SCHEMA (PostgreSQL schema, default public),
 * STATIC_DIR (dist), DEMO_PASSWORD, LOG_LEVEL (warn), TRUST_PROXY=1 behind a reverse proxy.
 * On SIGTERM/SIGINT it ends the poke streams, lets requests in flight finish for up to DRAIN_MS, then cuts the
 * remaining connections and closes the store: it exits within 5 s whatever the clients hold open.
 */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  const schema = process.env['DATABASE_SCHEMA'] || undefined;
  const store = await openStore(url, schema === undefined ? {} : { schema });
  await seedDemo(store);
  const notifier: ChangeNotifier =
    store.dialect === 'postgres' && url !== undefined
      ? await PgNotifier.open(url, schema === undefined ? {} : { schema })
      : new LocalNotifier();
  const app = await buildApp({
    store,
    notifier,
    staticDir: process.env['STATIC_DIR'] ?? 'dist',
    logger: { level: process.env['LOG_LEVEL'] ?? 'warn' },
    trustProxy: process.env['TRUST_PROXY'] === '1',
  });
  const host = process.env['HOST'] ?? '127.0.0.1';
  const port = Number(process.env['PORT'] ?? 8080);
  console.log(`数据库：${url ? store.dialect : `SQLite ${DEFAULT_SQLITE_PATH}`}`);
  for (const line of await demoSummary(store)) console.log(line);
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`走访通 listening on http://${host}:${bound}`);

  const stop = (): void => {
    setTimeout(() => process.exit(1), EXIT_MS).unref();
    const drain = setTimeout(() => app.server.closeAllConnections(), DRAIN_MS);
    drain.unref();
    app
      .close()
      .then(() => {
        clearTimeout(drain);
        return Promise.all([notifier.close(), store.close()]);
      })
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
