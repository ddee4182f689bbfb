import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchPersistent } from '../../scripts/chromium.ts';
import { EVENTS_PATH } from '../../src/protocol/events.ts';
import { PG_URL, dropSchema, randomSchema } from '../server/pg.ts';
import { apiLogin, startHarness, type Harness } from './harness.ts';
import {
  median,
  registryCsv,
  startServerProcess,
  twoWorkers,
  visitPropagation,
  type ServerProcess,
} from './propagation.ts';

/** The goal of issue 8: a colleague's change is on another online device of the area ≤ 3 s later (median). */
const GOAL_MS = 3_000;

function streamOpened(page: Page, timeout: number): Promise<Response> {
  return page.waitForResponse((r) => r.url().endsWith(EVENTS_PATH) && r.status() === 200, { timeout });
}

describe('[C16] colleagues’ changes in seconds: one server', () => {
  let h: Harness;
  let pageA: Page;
  let pageB: Page;
  let personId = '';

  beforeAll(async () => {
    h = await startHarness();
    pageA = await (await h.device('a')).newPage();
    pageB = await (await h.device('b')).newPage();
    personId = await twoWorkers(pageA, h.baseUrl, pageB, h.baseUrl, '推送测试甲', 11);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('[C16] a visit saved on A is on B (left alone on the person page) within 3 s, median of 5', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      times.push(await visitPropagation(pageA, h.baseUrl, pageB, personId, `推送走访${i}号`));
    }
    console.log(`propagation A→B (one server): ${times.join(', ')} ms; median ${median(times)} ms`);
    expect(median(times)).toBeLessThanOrEqual(GOAL_MS);
    expect(Math.max(...times)).toBeLessThan(10_000);
  });

  test('[C16] an admin import reaches B within 3 s, without a reload', async () => {
    await pageB.goto(`${h.baseUrl}/persons`);
    await pageB.getByText('推送测试甲').first().waitFor();
    const token = await apiLogin(h.baseUrl, 'admin');
    const seen = pageB.getByText('导入推送乙').first().waitFor({ timeout: 20_000 });
    const t0 = Date.now();
    const res = await fetch(`${h.baseUrl}/api/admin/import/commit?name=registry.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: registryCsv('导入推送乙', 12),
    });
    expect(res.status).toBe(200);
    await seen;
    const ms = Date.now() - t0;
    console.log(`propagation of an admin import to B: ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(GOAL_MS);
  });

  test('[C16] after the server is killed and restarted, the streams come back and pokes flow again', async () => {
    await pageB.goto(`${h.baseUrl}/persons/${personId}`);
    await pageB.getByRole('heading', { level: 1, name: '推送测试甲' }).waitFor();
    await pageB.waitForTimeout(500);
    await h.killServer();
    const reopened = streamOpened(pageB, 60_000);
    await h.startServer();
    await reopened;
    const ms = await visitPropagation(pageA, h.baseUrl, pageB, personId, '重启后的推送走访');
    console.log(`propagation A→B after a server restart: ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(GOAL_MS * 2);
  });
});

describe('[C16] colleagues’ changes in seconds: two server processes on one PostgreSQL', () => {
  const schema = randomSchema();
  const servers: ServerProcess[] = [];
  const contexts: BrowserContext[] = [];
  let tmp = '';
  let pageA: Page;
  let pageB: Page;
  let personId = '';

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'zoufang-poke-'));
    // One after the other: the first creates the schema and seeds it.
    servers.push(await startServerProcess(PG_URL, schema));
    servers.push(await startServerProcess(PG_URL, schema));
    for (const name of ['pg-a', 'pg-b']) contexts.push(await launchPersistent(join(tmp, name)));
    const [ca, cb] = contexts;
    const [s1, s2] = servers;
    if (!ca || !cb || !s1 || !s2) throw new Error('setup failed');
    pageA = await ca.newPage();
    pageB = await cb.newPage();
    personId = await twoWorkers(pageA, s1.baseUrl, pageB, s2.baseUrl, '跨进程推送丙', 13);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    for (const s of servers) await s.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await dropSchema(schema);
  });

  test('[C16] a visit saved on A (server 1) is on B (server 2) within 3 s, median of 5: the poke crosses processes', async () => {
    const urlA = servers[0]?.baseUrl ?? '';
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      times.push(await visitPropagation(pageA, urlA, pageB, personId, `跨进程走访${i}号`));
    }
    console.log(
      `propagation A→B (two processes, PostgreSQL): ${times.join(', ')} ms; median ${median(times)} ms`,
    );
    expect(median(times)).toBeLessThanOrEqual(GOAL_MS);
    expect(Math.max(...times)).toBeLessThan(10_000);
  });
});
