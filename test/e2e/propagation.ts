import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createPerson, syncAndWait, testIdNumber } from './flows.ts';
import { DEMO_PASSWORD, DIST, ROOT, logIn } from './harness.ts';
import { freePort } from '../support/free-port.ts';

/**
 * Colleagues' changes in seconds (SPEC.md C16), measured as a worker sees them: device A saves, device B — left
 * alone on the person's page, no reload, no sync button, no `online` event — shows it. Shared by
 * test/e2e/poke.test.ts and the bench.
 */

/** A logs in as worker1 and creates a person; B logs in as worker2 and opens that person's page. */
export async function twoWorkers(
  pageA: Page,
  urlA: string,
  pageB: Page,
  urlB: string,
  name: string,
  n: number,
): Promise<string> {
  await pageA.goto(urlA);
  await logIn(pageA, 'worker1');
  const personId = await createPerson(pageA, urlA, name, n);
  await syncAndWait(pageA);
  await pageB.goto(urlB);
  await logIn(pageB, 'worker2');
  await syncAndWait(pageB);
  await pageB.goto(`${urlB}/persons/${personId}`);
  await pageB.getByRole('heading', { level: 1, name }).waitFor();
  // Let B's poke stream open (it follows the engine's start after the page load).
  await pageB.waitForTimeout(1_000);
  return personId;
}

/** ms from A's tap on 保存 for a visit to B showing it (B untouched); rejects after `timeoutMs`. */
export async function visitPropagation(
  pageA: Page,
  urlA: string,
  pageB: Page,
  personId: string,
  situation: string,
  timeoutMs = 20_000,
): Promise<number> {
  await pageA.goto(`${urlA}/persons/${personId}/visit/new`);
  await pageA.getByRole('radio', { name: '大走访' }).check();
  await pageA.getByLabel('基本情况').fill(situation);
  const seen = pageB.getByText(situation).first().waitFor({ timeout: timeoutMs });
  const t0 = Date.now();
  await pageA.getByRole('button', { name: '保存' }).click();
  await seen;
  const ms = Date.now() - t0;
  await pageA.waitForURL(/saved=visit/);
  return ms;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** A registry CSV of one person of 六联社区, as an admin would import it. */
export function registryCsv(name: string, n: number): string {
  return [
    '姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期',
    `${name},男,${testIdNumber(n)},13812341234,坪山区六联社区某路1号,六联社区,退役士兵,重点联系,在册,2023-03-20`,
  ].join('\r\n');
}

export interface ServerProcess {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/**
 * One more real server process (src/server/main.ts) serving dist/, on `databaseUrl` (a PostgreSQL URL shared by
 * several processes; `schema` keeps a test's tables and NOTIFY channel apart).
 */
export async function startServerProcess(databaseUrl: string, schema: string): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const proc: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'server', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        STATIC_DIR: DIST,
        DEMO_PASSWORD,
        // Demo mode: the second process finds the demo accounts the first seeded; production mode refuses to
        // start while they have the demo password (README, SPEC.md S5).
        NODE_ENV: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('listening')) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server on ${baseUrl} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    baseUrl,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      await gone;
    },
  };
}
