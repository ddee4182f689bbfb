import { buildApp } from './app.ts';
import { accountsWithDemoPassword, demoSummary, seedDemo } from './demo.ts';
import { LocalNotifier, type ChangeNotifier } from './pokes/notifier.ts';
import { PgNotifier } from './pokes/pg-notifier.ts';
import { DEFAULT_SQLITE_PATH, openStore } from './storage/open.ts';
import type { Store } from './storage/store.ts';
import { parseTrustProxy, TrustProxyError } from './trust-proxy.ts';

/** Requests still running this long after SIGTERM are cut; the process is gone before 5 s. */
const DRAIN_MS = 3_000;
const EXIT_MS = 4_500;

/**
 * `npm start` (demo mode) and `NODE_ENV=production npm run serve` (production): opens the store (DATABASE_URL,
 * else the SQLite file under data/), serves dist/ and the API.
 * - Demo mode seeds the demo org and accounts on first start and prints them with their password.
 * - Production never seeds, never prints a password, and refuses to start (exit 1) while an enabled account
 *   still has a demo password. The first district admin comes from `npm run admin -- user add …`.
 * Env: PORT (8080), HOST (127.0.0.1), DATABASE_URL, DATABASE_SCHEMA (PostgreSQL schema, default public),
 * STATIC_DIR (dist), DEMO_PASSWORD, LOG_LEVEL (warn), TRUST_PROXY (a hop count or the proxies' addresses,
 * trust-proxy.ts).
 * On SIGTERM/SIGINT it ends the poke streams, lets requests in flight finish for up to DRAIN_MS, then cuts the
 * remaining connections and closes the store: it exits within 5 s whatever the clients hold open.
 */
class StartRefused extends Error {
  override readonly name = 'StartRefused';
}

async function prepare(store: Store, production: boolean): Promise<string[]> {
  if (!production) {
    await seedDemo(store);
    return [
      '*** 演示模式（demo mode）：已创建演示组织架构和演示账号，密码公开，切勿录入真实数据。',
      '*** 正式部署请用：NODE_ENV=production npm run serve（见 README「正式部署」）',
      ...(await demoSummary(store)),
    ];
  }
  const demo = await accountsWithDemoPassword(store);
  if (demo.length > 0) {
    throw new StartRefused(
      `拒绝以生产模式启动：以下启用的账号仍使用演示密码：${demo.join('、')}。\n` +
        '请为每个账号设置新密码（npm run admin -- user set 用户名 --password，从标准输入读入新密码）或停用它（--disable）。',
    );
  }
  const users = (await store.listUsers()).filter((u) => !u.disabled);
  const lines = ['生产模式（production）'];
  if (users.length === 0) {
    lines.push('尚无账号：请先导入组织架构（npm run admin -- org import FILE.json），');
    lines.push(
      '再创建区级管理员（npm run admin -- user add --username U --role district_admin --unit 区编号）。',
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const production = process.env['NODE_ENV'] === 'production';
  const trustProxy = parseTrustProxy(process.env['TRUST_PROXY']);
  const url = process.env['DATABASE_URL'];
  const schema = process.env['DATABASE_SCHEMA'] || undefined;
  const store = await openStore(url, schema === undefined ? {} : { schema });
  let lines: string[];
  try {
    lines = await prepare(store, production);
  } catch (e) {
    await store.close();
    throw e;
  }
  const notifier: ChangeNotifier =
    store.dialect === 'postgres' && url !== undefined
      ? await PgNotifier.open(url, schema === undefined ? {} : { schema })
      : new LocalNotifier();
  const app = await buildApp({
    store,
    notifier,
    staticDir: process.env['STATIC_DIR'] ?? 'dist',
    logger: { level: process.env['LOG_LEVEL'] ?? 'warn' },
    ...(trustProxy !== undefined ? { trustProxy } : {}),
  });
  const host = process.env['HOST'] ?? '127.0.0.1';
  const port = Number(process.env['PORT'] ?? 8080);
  console.log(`数据库：${url ? store.dialect : `SQLite ${DEFAULT_SQLITE_PATH}`}`);
  for (const line of lines) console.log(line);
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
  if (e instanceof StartRefused || e instanceof TrustProxyError) console.error(e.message);
  else console.error(e);
  process.exit(1);
});
