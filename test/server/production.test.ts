import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrgTree } from '../../src/model/org.ts';
import { createUser } from '../../src/server/admin/users.ts';
import { seedDemo } from '../../src/server/demo.ts';
import { openStore } from '../../src/server/storage/open.ts';
import type { Store } from '../../src/server/storage/store.ts';
import { PG_URL, dropSchema, randomSchema } from './pg.ts';

/** A district of its own, sharing no unit id with the demo tree. */
const OWN_TREE: OrgTree = {
  units: [
    { id: 'D1', name: '示例区', level: 'district', parentId: null },
    { id: 'S1', name: '示例街道', level: 'street', parentId: 'D1' },
    { id: 'C1', name: '示例社区', level: 'community', parentId: 'S1' },
  ],
  teams: [],
};

interface Run {
  readonly code: number | null;
  readonly out: string;
}

/**
 * Starts the real server (`src/server/main.ts`, as `npm run serve` does) with `env`; resolves with its output
 * once it exits, or once it listens (then it is stopped: code null).
 */
function serve(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['src/server/main.ts'], {
      env: { ...process.env, PORT: '0', STATIC_DIR: 'no-such-dir', NODE_ENV: '', ...env },
    });
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('listening on')) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: out.includes('listening on') ? null : code, out }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'zoufang-prod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STORES = [
  {
    name: 'SQLite',
    make: (): { url: string; cleanup: () => Promise<void> } => ({
      url: `sqlite:${join(dir, `${randomSchema()}.sqlite`)}`,
      cleanup: () => Promise.resolve(),
    }),
  },
  {
    name: 'PostgreSQL',
    make: (): { url: string; cleanup: () => Promise<void> } => {
      const schema = randomSchema();
      const sep = PG_URL.includes('?') ? '&' : '?';
      return {
        url: `${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        cleanup: () => dropSchema(schema),
      };
    },
  },
] as const;

async function withStore<T>(url: string, fn: (s: Store) => Promise<T>): Promise<T> {
  if (url.startsWith('postgres')) {
    // The schema named in the URL's search_path must exist before the store migrates into it.
    const schema = /search_path%3D(\w+)/.exec(url)?.[1] ?? '';
    const c = new Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.end();
  }
  const store = await openStore(url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe.each(STORES)('demo and production start ($name)', ({ make }) => {
  it('[S5] production refuses to start while an enabled account has the demo password, and prints none', async () => {
    const db = make();
    try {
      await withStore(db.url, (s) => seedDemo(s));
      const run = await serve({ DATABASE_URL: db.url, NODE_ENV: 'production' });
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      expect(run.out).toContain('拒绝以生产模式启动');
      expect(run.out).toContain('admin');
      expect(run.out).not.toContain('zoufang-demo');
    } finally {
      await db.cleanup();
    }
  }, 120_000);

  it('[S5] a deployment with its own org tree starts in production (no seeding) and in demo mode', async () => {
    const db = make();
    try {
      await withStore(db.url, async (s) => {
        await s.replaceOrg(OWN_TREE);
        await createUser(s, {
          username: 'chief',
          password: 'Kx9-fleet-harbour',
          role: 'district_admin',
          unitId: 'D1',
        });
      });
      const prod = await serve({ DATABASE_URL: db.url, NODE_ENV: 'production' });
      expect(prod.code).toBeNull();
      expect(prod.out).toContain('生产模式');
      expect(prod.out).not.toMatch(/演示|zoufang-demo|Kx9/);
      await withStore(db.url, async (s) => {
        expect((await s.listUsers()).map((u) => u.username)).toEqual(['chief']);
        expect((await s.getOrg()).units.map((u) => u.id)).toEqual(['D1', 'S1', 'C1']);
      });
      const demo = await serve({ DATABASE_URL: db.url });
      expect(demo.code).toBeNull();
      expect(demo.out).toContain('演示模式');
      await withStore(db.url, async (s) => {
        // The demo accounts need the demo tree's units: none is created on a tree of its own.
        expect((await s.listUsers()).map((u) => u.username)).toEqual(['chief']);
      });
    } finally {
      await db.cleanup();
    }
  }, 120_000);

  it('[S5] demo mode on a fresh database seeds and prints the demo accounts, saying it is demo mode', async () => {
    const db = make();
    try {
      await withStore(db.url, () => Promise.resolve()); // an empty, migrated database
      const run = await serve({ DATABASE_URL: db.url });
      expect(run.code).toBeNull();
      expect(run.out).toContain('演示模式');
      expect(run.out).toContain('worker1');
      expect(run.out).toContain('zoufang-demo');
    } finally {
      await db.cleanup();
    }
  }, 120_000);

  it('refuses TRUST_PROXY=true (trust everyone) with a message', async () => {
    const db = make();
    try {
      const run = await serve({ DATABASE_URL: db.url, TRUST_PROXY: 'true' });
      expect(run.code).toBe(1);
      expect(run.out).toContain('TRUST_PROXY 无效');
    } finally {
      await db.cleanup();
    }
  }, 120_000);
});
