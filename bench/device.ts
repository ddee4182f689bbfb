/**
 * `npm run bench`, device part (issue 9): the built app, served by the real server, on a phone profile and on a
 * full device. Imported by bench/run.ts (`run()`); `npx tsx bench/device.ts` runs it alone. Prints figures only.
 *
 * Phone profile: CDP Emulation.setCPUThrottlingRate 4 and Network.emulateNetworkConditions at 3G (PHONE_3G),
 * beside the same steps unthrottled. Full device: the server holds 20,000 persons, 50,000 visits and 10,000
 * needs in worker1's community; a fresh device logs in and downloads it all, opens 首页, 待访清单, 服务对象 and
 * a person with 50 records, starts cold offline, and saves 100 visits. The JS heap is read after a forced GC
 * (HeapProfiler.collectGarbage, then Runtime.getHeapUsage).
 */
import { pathToFileURL } from 'node:url';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { newId } from '../src/model/ids.ts';
import { idCheckChar } from '../src/model/id-number.ts';
import { PROTOCOL_VERSION } from '../src/protocol/version.ts';
import type { LoginResponse } from '../src/protocol/auth.ts';
import { pullAll, startHarness, DEMO_PASSWORD, type Harness } from '../test/e2e/harness.ts';
import { makeNeed, makePerson, makeVisit } from '../test/server/helpers.ts';
import { bundleForPage } from './bundle.ts';
import type { ZoufangSyncBench } from './sync-client.ts';

/** Chrome DevTools' "3G" preset (Regular 3G): 100 ms latency, 750 kbit/s down, 250 kbit/s up. */
export const PHONE_3G = {
  offline: false,
  latency: 100,
  downloadThroughput: (750 * 1024) / 8,
  uploadThroughput: (250 * 1024) / 8,
};
export const PHONE_CPU_RATE = 4;

const PERSONS = 20_000;
const VISITS = 50_000;
const NEEDS = 10_000;
const HEAP_GOAL_MB = 150;
const OFFLINE_START_GOAL_MS = 2000;

export interface Throttle {
  readonly cpu: boolean;
  readonly network: boolean;
}

/** Applies (or lifts) the phone profile on a page through its own CDP session. */
export async function throttle(cdp: CDPSession, t: Throttle): Promise<void> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: t.cpu ? PHONE_CPU_RATE : 1 });
  await cdp.send('Network.enable');
  await cdp.send(
    'Network.emulateNetworkConditions',
    t.network ? PHONE_3G : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  );
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/**
 * The heap once the app is quiet: a save schedules a worklist recomputation (150 ms later, then at most every
 * 4× its duration while writes come), whose temporary arrays over 80,000 records are live while it runs. The
 * lowest of three readings a second apart, after two quiet seconds: what stays, not what is in flight.
 */
async function quietHeapMb(cdp: CDPSession): Promise<number> {
  await new Promise((r) => setTimeout(r, 2000));
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) {
    readings.push(await heapMb(cdp));
    await new Promise((r) => setTimeout(r, 1000));
  }
  return Math.min(...readings);
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** Readiness of each screen, as the worker sees it: the figures are there, not a placeholder. */
const READY = {
  login: () => {
    const input = document.querySelector<HTMLInputElement>('#login-username');
    return input !== null && !input.disabled;
  },
  home: () => {
    const dd = document.querySelector('.stats dd');
    return dd !== null && dd.textContent !== '…';
  },
  worklist: () =>
    [...document.querySelectorAll('[role=status]')].some((e) => e.textContent?.startsWith('按 ')),
  persons: () => /^共 \d+ 人/.test(document.querySelector('#person-search-count')?.textContent ?? ''),
  person: () => /走访记录（\d+）/.test(document.querySelector('#person-visits')?.textContent ?? ''),
} as const;
type Screen = keyof typeof READY;

/** Loads `url` cold and returns the time from navigation start until `screen` is ready (page clock). */
async function coldStart(page: Page, url: string, screen: Screen): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(READY[screen], null, { polling: 'raf', timeout: 120_000 });
  return page.evaluate(() => performance.now());
}

/** In-app navigation (the router follows popstate) to `path`; time until `screen` is ready. */
async function open(page: Page, path: string, screen: Screen): Promise<number> {
  const t0 = await page.evaluate((p) => {
    const t = performance.now();
    history.pushState({}, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
    return t;
  }, path);
  await page.waitForFunction(READY[screen], null, { polling: 'raf', timeout: 120_000 });
  return (await page.evaluate(() => performance.now())) - t0;
}

async function logIn(page: Page): Promise<number> {
  const t0 = await page.evaluate(() => performance.now());
  await page.getByLabel('用户名').fill('worker1');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForFunction(READY.home, null, { polling: 'raf', timeout: 120_000 });
  return (await page.evaluate(() => performance.now())) - t0;
}

/** The full device's data, pushed to the server as worker1 (lean pushes of 500). Returns the 50-record person. */
async function apiSession(h: Harness): Promise<LoginResponse> {
  const res = await fetch(`${h.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'worker1', password: DEMO_PASSWORD }),
  });
  return (await res.json()) as LoginResponse;
}

async function seedServer(h: Harness): Promise<{ personId: string; ms: number }> {
  const { token, user } = await apiSession(h);
  const by = user.id;
  const persons = Array.from({ length: PERSONS }, (_, i) => {
    const d = new Date(Date.UTC(1940, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `440310${d}001`;
    return makePerson(by, {
      name: `对象${i}`,
      idNumber: first17 + idCheckChar(first17),
      sex: '男',
      mobile: `138${String(i).padStart(8, '0')}`,
    });
  });
  const target = persons[0];
  if (!target) throw new Error('no persons');
  // The first person gets 40 visits and 10 needs (50 records); the others share the rest.
  const pid = (i: number, own: number) =>
    i < own ? target.id : (persons[1 + (i % (PERSONS - 1))]?.id ?? '');
  const visits = Array.from({ length: VISITS }, (_, i) =>
    makeVisit(by, pid(i, 40), { date: `2026-${String(1 + (i % 11)).padStart(2, '0')}-15` }),
  );
  const needs = Array.from({ length: NEEDS }, (_, i) => makeNeed(by, pid(i, 10)));
  const records: { kind: 'person' | 'visit' | 'need'; fields: { id: string } }[] = [
    ...persons.map((fields) => ({ kind: 'person' as const, fields })),
    ...visits.map((fields) => ({ kind: 'visit' as const, fields })),
    ...needs.map((fields) => ({ kind: 'need' as const, fields })),
  ];
  const clientId = newId();
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += 500) {
    const mutations = records.slice(i, i + 500).map((r, j) => ({
      id: newId(),
      seq: i + j + 1,
      kind: r.kind,
      recordId: r.fields.id,
      fields: r.fields,
    }));
    const res = await fetch(`${h.baseUrl}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, clientId, mutations }),
    });
    if (!res.ok) throw new Error(`seed push ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
  return { personId: target.id, ms: performance.now() - t0 };
}

async function newPage(ctx: BrowserContext): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await ctx.newPage();
  return { page, cdp: await ctx.newCDPSession(page) };
}

/**
 * The floor of the app's first download: the bare sync engine (bench/sync-client.ts, no stores, no screens)
 * pulls the same area into a fresh database, in a page of the same browser.
 */
async function bareDownload(h: Harness): Promise<{ records: number; engineMs: number }> {
  const code = await bundleForPage('sync-client.ts', 'zoufangSyncBenchEntry');
  const session = await apiSession(h);
  const ctx = await (await h.browser()).newContext();
  try {
    const page = await ctx.newPage();
    await page.route(`${h.baseUrl}/bench`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>download floor</title>' }),
    );
    await page.goto(`${h.baseUrl}/bench`);
    await page.addScriptTag({ content: code });
    return await page.evaluate(
      (s) => (globalThis as unknown as { zoufangSyncBench: ZoufangSyncBench }).zoufangSyncBench.pullArea(s),
      session,
    );
  } finally {
    await ctx.close();
  }
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** The `n` functions with the most self time in a CDP CPU profile (ms), for the issue's notes. */
function topSelf(profile: CpuProfile, n: number): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    const f = byNode.get(id)?.callFrame;
    const us = deltas[i + 1] ?? 0;
    total += us;
    if (!f) return;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + us);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    );
}

/**
 * The full first download on the app page (login → 已同步), beside the bare engine's pull of the same records
 * in the same run. With BENCH_PROFILE=1 the app page's main thread is sampled meanwhile and the top self
 * times are printed.
 */
async function fullDownload(h: Harness): Promise<{ page: Page; cdp: CDPSession; ctx: BrowserContext }> {
  const bare = await bareDownload(h);
  const ctx = await h.device('full');
  const { page, cdp } = await newPage(ctx);
  await page.goto(`${h.baseUrl}/`);
  await page.waitForFunction(READY.login);
  const profiling = process.env['BENCH_PROFILE'] === '1';
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await logIn(page);
  await page.getByRole('link', { name: /^同步状态：已同步$/ }).waitFor({ timeout: 600_000 });
  const downloadMs = Date.now() - t0;
  // Once the app is quiet: the worklist and the person index rebuild once when the pull ends (held meanwhile).
  const afterDownload = await quietHeapMb(cdp);
  const ratio = downloadMs / bare.engineMs;
  console.log(
    `full first download (login → 已同步): ${fmt(downloadMs)}; the bare engine pulls the same ${bare.records.toLocaleString('en')} records in ${fmt(bare.engineMs)} → ${ratio.toFixed(2)}× (goal ≤ 2×: ${verdict(ratio <= 2)})`,
  );
  console.log(
    `JS heap after the download ${afterDownload.toFixed(1)} MB (goal ≤ ${HEAP_GOAL_MB} MB: ${verdict(afterDownload <= HEAP_GOAL_MB)})`,
  );
  if (profiling) {
    const { profile } = await cdp.send('Profiler.stop');
    console.log('app page main thread during the download, top self time:');
    for (const line of topSelf(profile, 25)) console.log(`  ${line}`);
  }
  return { page, cdp, ctx };
}

/** Cold start of a fresh profile online: to the login screen, then 登录 to the home screen. */
async function coldStartOnline(
  h: Harness,
  t: Throttle,
): Promise<{ login: number; home: number; offlineLogin: number }> {
  const browser = await h.browser();
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  try {
    const { page, cdp } = await newPage(ctx);
    await throttle(cdp, t);
    const login = await coldStart(page, `${h.baseUrl}/`, 'login');
    // Offline cold start of the login screen: the service worker of this first visit serves the shell.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await ctx.setOffline(true);
    const offlineLogin = await coldStart(page, `${h.baseUrl}/`, 'login');
    await ctx.setOffline(false);
    await page.waitForFunction(READY.login);
    const home = await logIn(page);
    return { login, home, offlineLogin };
  } finally {
    await ctx.close();
  }
}

/** `npx tsx bench/device.ts --download`: only the seeded server and the full first download. */
async function downloadOnly(h: Harness): Promise<void> {
  const seeded = await seedServer(h);
  console.log(`server seeded through the push API in ${fmt(seeded.ms)}`);
  await fullDownload(h);
}

export async function run(): Promise<void> {
  const h = await startHarness();
  try {
    if (process.argv.includes('--download')) return await downloadOnly(h);
    console.log('\n== Phone profile: cold start (the built app, real server; 4× CPU throttling, 3G) ==');
    const desk = await coldStartOnline(h, { cpu: false, network: false });
    const phone = await coldStartOnline(h, { cpu: true, network: true });
    console.log(`                                   unthrottled   phone (4× CPU, 3G)`);
    console.log(
      `fresh profile online → login      ${fmt(desk.login).padStart(10)}   ${fmt(phone.login).padStart(10)}`,
    );
    console.log(
      `offline, shell cached → login     ${fmt(desk.offlineLogin).padStart(10)}   ${fmt(phone.offlineLogin).padStart(10)}`,
    );
    console.log(
      `登录 → home interactive (online)   ${fmt(desk.home).padStart(10)}   ${fmt(phone.home).padStart(10)}`,
    );

    console.log(
      `\n== Full device: ${PERSONS.toLocaleString('en')} persons, ${VISITS.toLocaleString('en')} visits, ${NEEDS.toLocaleString('en')} needs (worker1's area) ==`,
    );
    const seeded = await seedServer(h);
    console.log(`server seeded through the push API in ${fmt(seeded.ms)}`);
    // The server's share of a first download: every page of the area over HTTP to Node (no device work).
    const p0 = Date.now();
    const served = (await pullAll(h.baseUrl, 'worker2')).length;
    console.log(
      `the server alone serves the ${served.toLocaleString('en')} records (pages of 2,000, HTTP to Node) in ${fmt(Date.now() - p0)}`,
    );
    const full = await fullDownload(h);
    const ctx = full.ctx;
    let { page, cdp } = full;

    const screens: [string, string, Screen][] = [
      ['首页', '/', 'home'],
      ['待访清单', '/worklist', 'worklist'],
      ['服务对象', '/persons', 'persons'],
      ['a person with 50 records', `/persons/${seeded.personId}`, 'person'],
    ];
    const times: Record<string, [number, number]> = {};
    for (const [label, path, screen] of screens) times[label] = [await open(page, path, screen), 0];
    const afterScreens = await heapMb(cdp);

    // Offline cold start to an interactive home screen: the page closes, the network goes, the app starts
    // again; on the phone profile the screens are then opened on that cold page.
    const offline: number[] = [];
    for (const cpu of [false, true]) {
      await page.close();
      await ctx.setOffline(true);
      ({ page, cdp } = await newPage(ctx));
      await throttle(cdp, { cpu, network: false });
      offline.push(await coldStart(page, `${h.baseUrl}/`, 'home'));
    }
    for (const [label, path, screen] of screens) {
      const t = times[label];
      if (t) t[1] = await open(page, path, screen);
    }
    await throttle(cdp, { cpu: false, network: false });
    console.log(`opening a screen (in-app)          unthrottled   phone (4× CPU, offline, cold page)`);
    for (const [label] of screens) {
      const [x, y] = times[label] ?? [0, 0];
      console.log(`  ${label.padEnd(30)} ${fmt(x).padStart(10)}   ${fmt(y).padStart(10)}`);
    }
    console.log(
      `JS heap after opening 首页, 待访清单, 服务对象 and the person: ${afterScreens.toFixed(1)} MB (goal ≤ ${HEAP_GOAL_MB} MB: ${verdict(afterScreens <= HEAP_GOAL_MB)})`,
    );
    console.log(
      `offline cold start → home interactive: ${fmt(offline[0] ?? 0)} unthrottled, ${fmt(offline[1] ?? 0)} phone (goal ≤ ${fmt(OFFLINE_START_GOAL_MS)}: ${verdict((offline[1] ?? Infinity) <= OFFLINE_START_GOAL_MS)})`,
    );

    // Saves through the visit form, offline (they stay on the device; no pushes compete). After 5 warm-up
    // saves (every screen and chunk loaded), 100 more must not grow the heap (no leak).
    const save = async (i: number) => {
      await page.evaluate((p) => {
        history.pushState({}, '', p);
        dispatchEvent(new PopStateEvent('popstate'));
      }, `/persons/${seeded.personId}/visit/new`);
      await page.getByRole('radio', { name: '大走访' }).check();
      await page.getByLabel('基本情况').fill(`第${i + 1}次走访`);
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/saved=visit/);
      await page.waitForFunction(READY.person, null, { polling: 'raf' });
    };
    for (let i = 0; i < 5; i++) await save(i);
    const before = await quietHeapMb(cdp);
    const s0 = Date.now();
    for (let i = 5; i < 105; i++) await save(i);
    const saveMs = (Date.now() - s0) / 100;
    const after = await quietHeapMb(cdp);
    console.log(
      `100 saves through the visit form (${fmt(saveMs)} each, form to person page): JS heap ${before.toFixed(1)} MB → ${after.toFixed(1)} MB (${after - before >= 0 ? '+' : ''}${(after - before).toFixed(1)} MB; goal: no growth, 2 MB tolerance — ${verdict(after - before <= 2)})`,
    );
    await ctx.setOffline(false);
  } finally {
    await h.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
