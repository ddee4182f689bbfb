/**
 * `npm run bench`, device encryption part (issue 10, SPEC.md D5–D7): in Chromium, with 20,000 persons and 50,000
 * visits sealed on the device, the unlock time (derive + decrypt + build the search index, goal ≤ 2 s); a save
 * sealed vs plain (goal ≤ 1.3×); 10,000 pulled records sealed vs plain (goal ≤ 1.7×), through the app's own
 * repository and applyPullPage on a plain and on an unlocked database (bench/crypto-client.ts). Imported by bench/run.ts (`run()`);
 * `npx tsx bench/crypto.ts` runs it alone. Prints figures only.
 */
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../scripts/chromium.ts';
import { bundleForPage } from './bundle.ts';
import type { ZoufangCryptoBench } from './crypto-client.ts';

function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

export async function run(): Promise<void> {
  const code = await bundleForPage('crypto-client.ts', 'zoufangCryptoBenchEntry');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // WebCrypto's subtle API needs a secure context: localhost is one.
    const origin = 'http://localhost:4998/';
    await page.route(origin, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
    );
    await page.goto(origin);
    await page.addScriptTag({ content: code });
    const bench = 'zoufangCryptoBench';

    console.log('\n== Encryption at rest (Chromium; SPEC D5–D7) ==');
    const u = await page.evaluate(
      ([name, p, v]) => (globalThis as unknown as Record<string, ZoufangCryptoBench>)[name]!.unlock(p, v),
      [bench, 20_000, 50_000] as const,
    );
    console.log(`seeded 20,000 persons + 50,000 visits, plain and sealed, in ${ms(u.seedMs)}`);
    console.log(
      `unlock: derive (PBKDF2 600,000) ${ms(u.deriveMs)} + read 20,000 sealed persons ${ms(u.readMs)} + decrypt ${ms(u.decryptMs)} + index ${ms(u.indexMs)} = ${ms(u.totalMs)} (goal ≤ 2000 ms: ${verdict(u.totalMs <= 2000)}); plain read + index ${ms(u.plainMs)}`,
    );

    const s = await page.evaluate(
      ([name, n]) => (globalThis as unknown as Record<string, ZoufangCryptoBench>)[name]!.saves(n),
      [bench, 200] as const,
    );
    const plainSave = median(s.plainMs);
    const sealedSave = median(s.sealedMs);
    const saveRatio = sealedSave / plainSave;
    console.log(
      `save a visit + outbox entry through the repository (median of 200): plain ${ms(plainSave)}, sealed ${ms(sealedSave)}, ratio ${saveRatio.toFixed(2)}× (goal ≤ 1.3×: ${verdict(saveRatio <= 1.3)})`,
    );

    const p = await page.evaluate(
      ([name, n]) => (globalThis as unknown as Record<string, ZoufangCryptoBench>)[name]!.pull(n),
      [bench, 10_000] as const,
    );
    const pullRatio = p.sealedMs / p.plainMs;
    console.log(
      `store 10,000 pulled records through applyPullPage, pages of 1,000 (best of 3): plain ${ms(p.plainMs)}, sealed ${ms(p.sealedMs)}, ratio ${pullRatio.toFixed(2)}× (goal ≤ 1.7×: ${verdict(pullRatio <= 1.7)})`,
    );
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
