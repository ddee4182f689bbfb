/**
 * `npm run bench`, recovery part (issue 8): imported by bench/run.ts, which calls `run()`; `npx tsx
 * bench/recovery.ts` runs this part alone (needs a build in dist/). Prints figures only.
 *
 * The real server is SIGKILLed while five Chromium devices are signed in (the browser still believes it is
 * online; no `online` event is ever sent), each records a visit, and the server is started again after 6 s,
 * then — a second outage — after 45 s. Measured per device: the time from the server's first answer to the
 * device's outbox being empty (goal ≤ 5 s, median), and the requests it sent while the server was down.
 * Five devices in one outage rather than five outages in a row keep the part under ~2 minutes; each device
 * has its own jittered schedule, so they meet the restart at independent points of it.
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { createPerson } from '../test/e2e/flows.ts';
import { logIn, startHarness, waitForController } from '../test/e2e/harness.ts';
import { recordVisitInApp, serverOutage, waitSynced, type OutageResult } from '../test/e2e/outage-flows.ts';

export const RECOVERY_GOAL_MS = 5_000;
export const OUTAGES_MS = [6_000, 45_000] as const;
const DEVICES = 5;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Prints one engine's recovery figures. Engine-agnostic: `measure(outageMs)` runs one outage and returns one
 * result per device (or per run), so the WebKit bench can print the same lines from its own driver.
 */
export async function printRecovery(
  engine: string,
  measure: (outageMs: number) => Promise<readonly OutageResult[]>,
  outages: readonly number[] = OUTAGES_MS,
): Promise<void> {
  for (const outageMs of outages) {
    const results = await measure(outageMs);
    const rec = results.map((r) => r.recoveryMs);
    const m = median(rec);
    const requests = results.map((r) => r.syncRequests.length);
    const down = median(results.map((r) => r.downMs));
    console.log(
      `${engine}, server started again after ${outageMs / 1000} s (it answered after ${sec(down)}): ` +
        `outbox empty after median ${sec(m)} (${rec.map(sec).join(', ')}) — goal ≤ ${sec(RECOVERY_GOAL_MS)}: ` +
        (m <= RECOVERY_GOAL_MS ? 'met' : 'NOT met'),
    );
    console.log(
      `  sync requests per device while the server was down: ${requests.join(', ')} ` +
        `(≈ ${(median(requests) / (down / 1000)).toFixed(2)}/s)`,
    );
  }
}

/**
 * Chromium: five signed-in devices (contexts of one browser) on the harness's real server. `serveDir`
 * serves another build instead of dist/ (to measure an older version the same way; give it a longer
 * `recoveryTimeoutMs`, the default 60 s is for this version).
 */
export async function run(opts: { serveDir?: string; recoveryTimeoutMs?: number } = {}): Promise<void> {
  console.log(
    `\n== Recovery after a server outage (Chromium, ${DEVICES} devices, server SIGKILLed, no online event) ==`,
  );
  const h = await startHarness();
  try {
    if (opts.serveDir) h.serveBuild(opts.serveDir);
    // How long the server takes to answer after it is launched, so that it can be launched that much
    // before the end of the outage (then the outage lasts what it says).
    await h.killServer();
    const launchedAt = Date.now();
    await h.startServer();
    const startupMs = Date.now() - launchedAt;
    const browser = await h.browser();
    const pages: Page[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(h.baseUrl);
      await waitForController(page);
      await logIn(page, 'worker1');
      await createPerson(page, h.baseUrl, `恢复测试${i}`, 300 + i);
      // Once online, so the form's code is warm and the outage is not spent loading it.
      await recordVisitInApp(page, '准备');
      await waitSynced(page);
      pages.push(page);
    }
    await printRecovery('Chromium', (outageMs) =>
      serverOutage(h, pages, outageMs, undefined, opts.recoveryTimeoutMs, startupMs),
    );
  } finally {
    await h.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
