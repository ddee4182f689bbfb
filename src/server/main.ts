import { buildApp } from './app.ts';
import { demoSummary, seedDemo } from './demo.ts';
import { DEFAULT_SQLITE_PATH, openStore } from './storage/open.ts';

/**
 * `npm start` / `npm run serve`: opens the store (DATABASE_URL, else the SQLite file under data/), seeds the
 * demo org and accounts on first start, serves dist/ and the API.
 * Env: PORT (8080), HOST (127.0.0.1), DATABASE_URL, STATIC_DIR (dist), DEMO_PASSWORD, LOG_LEVEL (warn),
 * TRUST_PROXY=1 behind a reverse proxy.
 */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  const store = await openStore(url);
  await seedDemo(store);
  const app = await buildApp({
    store,
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
    app
      .close()
      .then(() => store.close())
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
