/**
 * `npm run bench`: prints figures, asserts nothing (timings vary run to run on a shared machine).
 *
 * 1. gzip -9 size of the JS the first screen loads (the entry chunk and its static imports, from the vite
 *    build manifest) against the 50 KB goal and the 38.5 KB floor of the bare stack (TOOLCHAIN.md);
 * 2. in Chromium, with 20,000 persons and 50,000 visits on the device: person search per keystroke;
 * 3. in Chromium: saving one visit with its outbox entry through the repository vs a raw Dexie put;
 * 4. bench/sync.ts and bench/reports.ts (other engineers'), when present;
 * 5. bench/propagation.ts: a visit saved on one device until a colleague's device shows it (goal ≤ 3 s).
 * 6. bench/recovery.ts: in Chromium, the time from a killed server answering again to the outbox being empty.
 * 7. bench/recovery-webkit.ts: in WebKitGTK, outbox empty after a 6 s server outage (median of 5).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../scripts/chromium.ts';
import type { SaveFigures, SearchFigures, ZoufangBench } from './client.ts';
import { bundleForPage } from './bundle.ts';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const GOAL_KB = 50;
const FLOOR_KB = 38.5;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function ensureBuilt(): void {
  if (existsSync(join(DIST, '.vite', 'manifest.json'))) return;
  console.log('dist/ has no build manifest: building…');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
}

/** The entry chunk named by index.html and everything it imports statically (not dynamic imports). */
function firstScreenJs(): { files: string[]; gzip: number; raw: number; css: number } {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = new Set<string>();
  // Scripts and modulepreloads named by the HTML itself.
  for (const m of html.matchAll(
    /<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g,
  )) {
    if (m[1]) files.add(m[1]);
  }
  const cssFiles = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(`__seen:${key}`)) return;
    files.add(`__seen:${key}`);
    files.add(chunk.file);
    for (const c of chunk.css ?? []) cssFiles.add(c);
    for (const imp of chunk.imports ?? []) visit(imp);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const js = [...files].filter((f) => !f.startsWith('__seen:'));
  let gzip = 0;
  let raw = 0;
  for (const f of js) {
    const buf = readFileSync(join(DIST, f));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  let css = 0;
  for (const f of cssFiles) css += gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length;
  return { files: js, gzip, raw, css };
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
      ([p, v]) => (globalThis as unknown as { zoufangBench: ZoufangBench }).zoufangBench.search(p, v),
      [20_000, 50_000] as const,
    );
    console.log(`seeded ${s.persons} persons + ${s.visits} visits in ${ms(s.seedMs)}`);
    console.log(`load persons + build index (opening the list once): ${ms(s.loadIndexMs)}`);
    const times = s.keystrokes.map(([, t]) => t);
    for (const [q, t, hits] of s.keystrokes) console.log(`  "${q}" → ${hits} hits in ${ms(t)}`);
    console.log(
      `per keystroke: median ${ms(quantile(times, 0.5))}, max ${ms(Math.max(...times))} (goal < 50 ms)`,
    );

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
  const size = firstScreenJs();
  console.log('== JS loaded by the first screen (gzip -9) ==');
  for (const f of size.files) console.log(`  ${f}`);
  console.log(
    `total ${kb(size.gzip)} gzip (${kb(size.raw)} raw) — goal ≤ ${GOAL_KB} KB, floor of the bare stack ${FLOOR_KB} KB; CSS ${kb(size.css)} gzip`,
  );
  await browserBenches();
  await runOptional('sync.ts');
  await runOptional('reports.ts');
  await runOptional('propagation.ts');
  await runOptional('recovery.ts');
  await runOptional('recovery-webkit.ts');
}

await main();
