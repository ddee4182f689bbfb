import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import { DEFAULT_TRIGGERS } from '../../src/model/vocab.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'zoufang-cli-'));
const db = join(dir, 'cli.sqlite');

/** Runs `npm run admin -- …args` on the test database with `stdin` as its standard input. */
function runAdmin(
  env: Record<string, string>,
  args: readonly string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['src/server/cli/admin.ts', ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return adminWith('', ...args);
}

function adminWith(
  stdin: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runAdmin({ DATABASE_URL: `sqlite:${db}` }, args, stdin);
}

describe('npm run admin', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports an org tree, adds users, lists them and refuses bad input with a message', async () => {
    const file = join(dir, 'tree.json');
    writeFileSync(file, JSON.stringify(pingshanTree()));
    expect((await admin('org', 'import', file)).code).toBe(0);
    const add = await adminWith(
      'a-long-enough-secret\n',
      'user',
      'add',
      '--username',
      'w9',
      '--role',
      'community_worker',
      '--unit',
      '440310001001',
    );
    expect(add.code).toBe(0);
    expect((await admin('user', 'list')).stdout).toContain('w9\tcommunity_worker\t440310001001');
    const wrong = await adminWith(
      'a-long-enough-secret\n',
      'user',
      'add',
      '--username',
      'w8',
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

  it('[S5] takes passwords only from standard input, refuses weak ones, and a reset forces a change', async () => {
    const file = join(dir, 'tree-pw.json');
    writeFileSync(file, JSON.stringify(pingshanTree()));
    expect((await admin('org', 'import', file)).code).toBe(0);
    const args = ['user', 'add', '--username', 'boss', '--role', 'district_admin', '--unit', '440310000000'];
    // A password on the command line is refused: the option takes no value.
    const onLine = await adminWith('', ...args, '--password=secret-on-the-line');
    expect(onLine.code).not.toBe(0);
    expect((await adminWith('password123\n', ...args)).stderr).toContain('过于常见');
    expect((await adminWith('short\n', ...args)).stderr).toContain('密码至少10位');
    expect((await adminWith('', ...args)).code).not.toBe(0);
    const ok = await adminWith('Kx9-fleet-harbour\n', ...args);
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).not.toContain('Kx9-fleet-harbour');
    const reset = await adminWith('another-long-secret-7\n', 'user', 'set', 'boss', '--password');
    expect(reset.code).toBe(0);
    const store = SqliteStore.open(db);
    expect((await store.getUserByUsername('boss'))?.mustChangePassword).toBe(true);
    await store.close();
    // [S7] the audit log from the command line: both admin changes, by the CLI, never the password.
    const audit = await admin('audit', '--action', 'user_update');
    expect(audit.code).toBe(0);
    const rows = audit.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; address: string; detail: unknown });
    expect(rows).toEqual([expect.objectContaining({ action: 'user_update', address: 'cli' })]);
    expect(audit.stdout).not.toContain('another-long-secret-7');
  }, 180_000);

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
