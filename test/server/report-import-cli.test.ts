import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSummary } from '../../src/model/report.ts';
import { buildApp } from '../../src/server/app.ts';
import { seedDemo } from '../../src/server/demo.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import { condolence, idNumberFor, visit } from '../model/report-fixtures.ts';
import { login } from './helpers.ts';

/**
 * Issue 4's command lines against the configured database (DATABASE_URL): `npm run import -- FILE` and
 * `npm run report -- --from … --to … [--unit ID]`, whose JSON must be the very object the API answers.
 */
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'zoufang-report-cli-'));
const db = join(dir, 'cli.sqlite');
const COMMUNITY = '440310001001';

function cli(
  script: 'report' | 'import',
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliOn(db, script, ...args);
}

async function cliOn(
  file: string,
  script: 'report' | 'import',
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('node_modules/.bin/tsx', [`src/server/cli/${script}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${file}` },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A history line as an export of another system would give it: the person named by ID number only. */
function historyLine(
  kind: 'visit' | 'condolence',
  record: Record<string, unknown>,
  idNumber: string,
): string {
  const {
    id: _id,
    personId: _p,
    communityId: _c,
    createdAt: _a,
    createdBy: _b,
    updatedAt: _u,
    ...rest
  } = record;
  return JSON.stringify({ kind, ...rest, personIdNumber: idNumber });
}

describe('npm run import / npm run report against the configured database', () => {
  const ids = [idNumberFor(41), idNumberFor(42)];

  beforeAll(async () => {
    const store = SqliteStore.open(db);
    await seedDemo(store);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a GB18030 registry, then historical records naming persons by ID number', async () => {
    const registry = join(dir, '名册.csv');
    writeFileSync(
      registry,
      iconv.encode(
        ['姓名,身份证号,所属社区', `命令行甲,${ids[0]},六联社区`, `命令行乙,${ids[1]},${COMMUNITY}`].join(
          '\r\n',
        ),
        'gb18030',
      ),
    );
    const first = await cli('import', registry);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('新增 2');
    expect((await cli('import', registry)).stdout).toContain('没有需要写入的变化');

    const history = join(dir, 'history.jsonl');
    writeFileSync(
      history,
      [
        historyLine('visit', visit(COMMUNITY, '2023-01-01'), ids[0] ?? ''),
        historyLine('visit', visit(COMMUNITY, '2023-12-31'), ids[1] ?? ''),
        historyLine('visit', visit(COMMUNITY, '2024-01-01'), ids[1] ?? ''),
        historyLine('condolence', condolence(COMMUNITY, '2023-06-30', { cashFen: 50_050 }), ids[0] ?? ''),
      ].join('\n'),
    );
    const h = await cli('import', history);
    expect(h.code, h.stdout + h.stderr).toBe(0);
    expect(h.stdout).toContain('新增 4');
  });

  it('refuses a history file with one bad line and imports none of it', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      [
        historyLine('visit', visit(COMMUNITY, '2023-03-01'), ids[0] ?? ''),
        historyLine('visit', visit(COMMUNITY, '2023-03-02'), '110101199003070000'),
      ].join('\n'),
    );
    const r = await cli('import', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('第 2 行');
    expect(r.stdout).toContain('未导入任何数据');
  });

  it('prints the same summary JSON as GET /api/reports/summary, for the district and for a community', async () => {
    const store = SqliteStore.open(db);
    const app = await buildApp({ store, staticDir: null });
    try {
      const admin = await login(app, 'admin');
      for (const unit of [null, COMMUNITY]) {
        const args = ['--from', '2023-01-01', '--to', '2023-12-31', ...(unit ? ['--unit', unit] : [])];
        const printed = await cli('report', ...args);
        expect(printed.code, printed.stderr).toBe(0);
        const fromCli = JSON.parse(printed.stdout) as ReportSummary;
        const res = await app.inject({
          url: `/api/reports/summary?from=2023-01-01&to=2023-12-31${unit ? `&unit=${unit}` : ''}`,
          headers: admin.headers,
        });
        expect(res.statusCode).toBe(200);
        expect(fromCli).toEqual(res.json());
        // Both period ends count, the 2024 visit does not, and the refused file added nothing.
        expect([fromCli.visits, fromCli.condolences, fromCli.condolenceCashYuan]).toEqual([2, 1, 500.5]);
      }
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('answers bad arguments with exit code 2 and a reason', async () => {
    const backwards = await cli('report', '--from', '2023-12-31', '--to', '2023-01-01');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).not.toBe('');
    const unknown = await cli('report', '--from', '2023-01-01', '--to', '2023-12-31', '--unit', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知的单位');
  });

  it('on a database without an org tree, says what to do instead of only 未知的单位', async () => {
    const r = await cliOn(join(dir, 'empty.sqlite'), 'report', '--from', '2023-01-01', '--to', '2023-12-31');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('还没有组织架构');
    expect(r.stderr).toContain('npm run admin -- org import');
  });
});
