import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'zoufang-archive-cli-'));
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

describe('npm run admin: conflict retention and archive', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints and sets the retention keeping the 六必访 list, refuses a bad one, and archives on demand', async () => {
    const store = SqliteStore.open(db);
    await store.replaceOrg({ ...pingshanTree(), visitTriggers: ['重大节日'] });
    await store.close();
    expect((await admin('org', 'conflict-retention')).stdout).toBe('180\n');
    const set = await admin('org', 'conflict-retention', '365');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('已处理的冲突记录保留 365 天');
    const bad = await admin('org', 'conflict-retention', '3');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('冲突记录保留天数应在 7–3650 天之间');
    const archive = await admin('conflicts', 'archive');
    expect(archive.code).toBe(0);
    expect(archive.stdout).toContain('已归档 0 条已处理超过 365 天的冲突记录');
    const after = SqliteStore.open(db);
    expect(await after.getOrg()).toEqual({
      ...pingshanTree(),
      visitTriggers: ['重大节日'],
      conflictRetentionDays: 365,
    });
    await after.close();
  }, 180_000); // four CLI processes, each compiling TypeScript on start: slow on a busy machine
});
