/**
 * `npm run bench`: prints figures, asserts nothing (timings vary run to run on a shared machine).
 *
 * 1. gzip -9 size of the JS the browser fetches for the first screen, observed in a fresh Chromium profile
 *    (bench/first-screen.ts) against the 50 KB goal and the 38.5 KB floor of the bare stack (TOOLCHAIN.md);
 * 2. in Chromium, with 20,000 persons and 50,000 visits on the device: person search per keystroke;
 * 3. in Chromium: saving one visit with its outbox entry through the repository vs a raw Dexie put;
 * 4. bench/sync.ts and bench/reports.ts (other engineers'), when present;
 * 5. bench/propagation.ts: a visit saved on one device until a colleague's device shows it (goal ≤ 3 s).
 * 6. bench/recovery.ts: in Chromium, the time from a killed server answering again to the outbox being empty.
 * 7. bench/recovery-webkit.ts: in WebKitGTK, outbox empty after a 6 s server outage (median of 5).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../scripts/chromium.ts';
import type { SaveFigures, SearchFigures, ZoufangBench } from './client.ts';
import { bundleForPage } from './bundle.ts';
import { run as runFirstScreen } from './first-screen.ts';
import { PHONE_CPU_RATE } from './device.ts';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function ensureBuilt(): void {
  if (existsSync(join(DIST, 'sw.js'))) return;
  console.log('dist/ is not built: building…');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
}

async function browserBenches(): Promise<void> {
  const code = await bundleForPage('client.ts', 'zoufangBenchEntry');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // A blank page on a localhost origin (IndexedDB needs a real origin; localhost is a secure context).
    const origin = 'http://localhost:4999/';
    await page.route(origin, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
    );
    await page.goto(origin);
    await page.addScriptTag({ content: code });

    console.log('\n== Person search, 20,000 persons and 50,000 visits on the device (Chromium) ==');
    const s: SearchFigures = await page.evaluate(
      ([p, v]) => (globalThis as unknown as { zoufangBench: ZoufangBench }).zoufangBench.search(p, v, true),
      [20_000, 50_000] as const,
    );
    console.log(`seeded ${s.persons} persons + ${s.visits} visits in ${ms(s.seedMs)}`);
    console.log(`load persons + build index (opening the list once): ${ms(s.loadIndexMs)}`);
    const times = s.keystrokes.map(([, t]) => t);
    for (const [q, t, hits] of s.keystrokes) console.log(`  "${q}" → ${hits} hits in ${ms(t)}`);
    console.log(
      `per keystroke: median ${ms(quantile(times, 0.5))}, max ${ms(Math.max(...times))} (goal < 50 ms)`,
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_RATE });
    const phone = await page.evaluate(() =>
      (globalThis as unknown as { zoufangBench: ZoufangBench }).zoufangBench.searchAgain(),
    );
    const phoneTimes = phone.keystrokes.map(([, t]) => t);
    const phoneMax = Math.max(...phoneTimes);
    console.log(
      `phone profile (${PHONE_CPU_RATE}× CPU): load + index ${ms(phone.loadIndexMs)}; per keystroke median ${ms(quantile(phoneTimes, 0.5))}, max ${ms(phoneMax)} (goal < 50 ms: ${phoneMax < 50 ? 'met' : 'NOT met'})`,
    );
    const phoneSaves: SaveFigures = await page.evaluate(
      (n) => (globalThis as unknown as { zoufangBench: ZoufangBench }).zoufangBench.saves(n),
      100,
    );
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    console.log('\n== Saving one visit with its outbox entry, 1,000 saves (Chromium) ==');
    const f: SaveFigures = await page.evaluate(
      (n) => (globalThis as unknown as { zoufangBench: ZoufangBench }).zoufangBench.saves(n),
      1000,
    );
    const repoMed = quantile(f.repository, 0.5);
    const rawMed = quantile(f.raw, 0.5);
    console.log(
      `repository (record + outbox, one transaction): median ${ms(repoMed)}, p95 ${ms(quantile(f.repository, 0.95))}`,
    );
    console.log(
      `raw Dexie put of the same record:              median ${ms(rawMed)}, p95 ${ms(quantile(f.raw, 0.95))}`,
    );
    console.log(
      `record + outbox row as two raw puts in one transaction: median ${ms(quantile(f.rawPair, 0.5))}, p95 ${ms(quantile(f.rawPair, 0.95))}`,
    );
    console.log(
      `  schema check (zod) alone: median ${ms(quantile(f.validation, 0.5))}, p95 ${ms(quantile(f.validation, 0.95))}`,
    );
    console.log(
      `ratio: median ${(repoMed / rawMed).toFixed(2)}×, p95 ${(quantile(f.repository, 0.95) / quantile(f.raw, 0.95)).toFixed(2)}× (goal ≤ 1.5×)`,
    );
    const phoneMed = quantile(phoneSaves.repository, 0.5);
    console.log(
      `phone profile (${PHONE_CPU_RATE}× CPU), 100 saves: repository median ${ms(phoneMed)}, p95 ${ms(quantile(phoneSaves.repository, 0.95))} (goal < 50 ms: ${phoneMed < 50 ? 'met' : 'NOT met'}); raw put median ${ms(quantile(phoneSaves.raw, 0.5))}`,
    );
  } finally {
    await browser.close();
  }
}

/** Runs another engineer's bench module if it exists: its `run` export, else its default export. */
async function runOptional(file: string): Promise<void> {
  const path = join(ROOT, 'bench', file);
  if (!existsSync(path)) {
    console.log(`\n(bench/${file} not present: skipped)`);
    return;
  }
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const fn = mod.run ?? mod.default;
  if (typeof fn !== 'function') {
    console.log(`\n(bench/${file} exports no run() or default function: skipped)`);
    return;
  }
  await (fn as () => Promise<unknown>)();
}

async function main(): Promise<void> {
  ensureBuilt();
  await runFirstScreen();
  await browserBenches();
  await runOptional('sync.ts');
  await runOptional('device.ts');
  await runOptional('reports.ts');
  await runOptional('propagation.ts');
  await runOptional('recovery.ts');
  await runOptional('recovery-webkit.ts');
}

await main();
