import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import { DEFAULT_TRIGGERS } from '../../src/model/vocab.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'zoufang-cli-'));
const db = join(dir, 'cli.sqlite');

async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('node_modules/.bin/tsx', ['src/server/cli/admin.ts', ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${db}` },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run admin', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports an org tree, adds users, lists them and refuses bad input with a message', async () => {
    const file = join(dir, 'tree.json');
    writeFileSync(file, JSON.stringify(pingshanTree()));
    expect((await admin('org', 'import', file)).code).toBe(0);
    const add = await admin(
      'user',
      'add',
      '--username',
      'w9',
      '--password',
      'long-enough',
      '--role',
      'community_worker',
      '--unit',
      '440310001001',
    );
    expect(add.code).toBe(0);
    expect((await admin('user', 'list')).stdout).toContain('w9\tcommunity_worker\t440310001001');
    const wrong = await admin(
      'user',
      'add',
      '--username',
      'w8',
      '--password',
      'long-enough',
      '--role',
      'community_worker',
      '--unit',
      'nope',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('bad_request');
    writeFileSync(file, '{"units": [');
    expect((await admin('org', 'import', file)).code).toBe(1);
    const exported = JSON.parse((await admin('org', 'export')).stdout) as unknown;
    expect(exported).toEqual(pingshanTree());
    const store = SqliteStore.open(db);
    expect((await store.getUserByUsername('w9'))?.passwordHash).toMatch(/^scrypt\$/);
    await store.close();
  }, 180_000); // six CLI processes, each compiling TypeScript on start: slow on a busy machine

  it('sets, prints and resets the 六必访 list, refusing a bad one with its reason', async () => {
    const file = join(dir, 'tree-triggers.json');
    writeFileSync(file, JSON.stringify(pingshanTree()));
    expect((await admin('org', 'import', file)).code).toBe(0);
    const set = await admin('org', 'triggers', 'set', '重大节日', '老兵生日');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('六必访情形已更新：重大节日、老兵生日');
    expect((await admin('org', 'triggers')).stdout).toBe('重大节日\n老兵生日\n');
    const twice = await admin('org', 'triggers', 'set', '重大节日', '重大节日');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('六必访情形“重大节日”重复');
    const reset = await admin('org', 'triggers', 'reset');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(`六必访情形已恢复默认：${DEFAULT_TRIGGERS.join('、')}`);
  }, 180_000); // five CLI processes
});
