import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, launchPersistent } from '../../scripts/chromium.ts';
import { freePort } from '../support/free-port.ts';

/**
 * End-to-end harness: the REAL server (`src/server/main.ts` as a child process, embedded SQLite in a temp file)
 * serving a private copy of the built `dist/`, and the system Chromium.
 *
 * - The server can be KILLED (SIGKILL, no goodbye) and started again on the same port and database: the origin
 *   stays the same, so the service worker and IndexedDB of each profile survive, as on a phone.
 * - The served folder is a temp copy of dist/, so a test can swap in another build (an app update) without
 *   touching the repository's dist/.
 * - A "device" is a persistent Chromium profile (its own user-data dir), as installability and multi-device
 *   tests need; `browser` is one shared non-persistent browser for everything else.
 */
export const ROOT = join(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const DEMO_PASSWORD = 'zoufang-demo';

export interface Harness {
  readonly baseUrl: string;
  /** The folder the server serves; replace its contents to ship an update. */
  readonly staticDir: string;
  /** Temp folder of this harness (database, profiles, copies); removed by close(). */
  readonly tmp: string;
  browser(): Promise<Browser>;
  /** A persistent profile, created on first use and kept until close(). */
  device(name: string): Promise<BrowserContext>;
  /** SIGKILLs the server; resolves when the process is gone. */
  killServer(): Promise<void>;
  /** Starts the server again (same port, same database, same static folder). */
  startServer(): Promise<void>;
  /** Serves another build: `dir` replaces the served folder's contents. */
  serveBuild(dir: string): void;
  close(): Promise<void>;
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not come up at ${url}:\n${log()}`);
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(DIST, 'sw.js')))
    throw new Error('dist/ is not built: run `npm run test:e2e` (it builds first)');
  const tmp = mkdtempSync(join(tmpdir(), 'zoufang-e2e-'));
  const staticDir = join(tmp, 'www');
  cpSync(DIST, staticDir, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dbFile = join(tmp, 'server.sqlite');

  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    // One node process (tsx as an --import loader, not the tsx CLI wrapper), so killing its pid kills the server.
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${dbFile}`,
        STATIC_DIR: staticDir,
        DEMO_PASSWORD,
        // Demo mode (the demo accounts are seeded): production mode would refuse them (README, SPEC.md S5).
        NODE_ENV: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child = proc;
    await waitUntilUp(`${baseUrl}/api/auth/me`, proc, () => output);
  };
  const kill = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await gone;
  };
  await start();

  let shared: Browser | null = null;
  const devices = new Map<string, BrowserContext>();

  return {
    baseUrl,
    staticDir,
    tmp,
    async browser() {
      shared ??= await launchChromium();
      return shared;
    },
    async device(name) {
      const existing = devices.get(name);
      if (existing) return existing;
      const ctx = await launchPersistent(join(tmp, `profile-${name}`));
      devices.set(name, ctx);
      return ctx;
    },
    killServer: kill,
    startServer: start,
    serveBuild(dir) {
      rmSync(staticDir, { recursive: true, force: true });
      cpSync(dir, staticDir, { recursive: true });
    },
    async close() {
      for (const ctx of devices.values()) await ctx.close().catch(() => undefined);
      await shared?.close().catch(() => undefined);
      await kill();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Waits until a service worker controls the page (first install claims it: src/sw.ts). */
export async function waitForController(page: Page): Promise<string> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
    }
    return navigator.serviceWorker.controller?.scriptURL ?? '';
  });
}

/** Every row of one object store of the app's IndexedDB, read with the raw API (no app code involved). */
export function readStore<T = Record<string, unknown>>(
  page: Page,
  store: string,
  dbName = 'zoufang',
): Promise<T[]> {
  return page.evaluate(
    ([name, storeName]) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.addEventListener('error', () => reject(open.error ?? new Error('open failed')));
        open.addEventListener('success', () => {
          const db = open.result;
          const tx = db.transaction(storeName, 'readonly');
          const req = tx.objectStore(storeName).getAll();
          req.addEventListener('success', () => {
            resolve(req.result as T[]);
            db.close();
          });
          req.addEventListener('error', () => reject(req.error ?? new Error('getAll failed')));
        });
      }),
    [dbName, store] as const,
  );
}

/** Logs in through the login screen (用户名 / 密码 / 登录) and waits for the signed-in shell. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('header.topbar').waitFor();
}

/** The API as a device would call it, for checking server state from a test. */
export async function apiLogin(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string };
  return body.token;
}

export interface ServerChange {
  kind: string;
  id: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown> | null;
}

/** Everything the server lets `username` pull, page by page from the start (a fresh device's view). */
export async function pullAll(baseUrl: string, username: string): Promise<ServerChange[]> {
  const token = await apiLogin(baseUrl, username);
  const clientId = crypto.randomUUID();
  const changes: ServerChange[] = [];
  let cursor: string | null = null;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/sync/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocolVersion: 1, clientId, cursor, limit: 2000 }),
    });
    if (!res.ok) throw new Error(`pull ${username}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { changes: ServerChange[]; cursor: string; more: boolean };
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return changes;
  }
}
