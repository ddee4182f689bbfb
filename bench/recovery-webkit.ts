/**
 * `npm run bench`, WebKit part of "back in seconds" (issue 8): imported by bench/run.ts, which calls `run()`;
 * `npx tsx bench/recovery-webkit.ts` runs it alone. In WebKitGTK (the iOS Safari family: no Background Sync),
 * a visit is recorded while the real server is killed; the server stays down 6 s and comes back; no `online`
 * event, no reload. Printed: ms from the server answering again to an empty outbox, median of 5 (goal ≤ 5 s).
 * Prints figures only; the e2e test test/webkit/offline.test.ts asserts the goal.
 */
import { pathToFileURL } from 'node:url';
import { webkitRecoveryTimes } from '../test/webkit/recovery.ts';

const RUNS = 5;
const OUTAGE_MS = 6_000;
const GOAL_MS = 5_000;

export async function run(): Promise<void> {
  console.log(`\n== WebKit: recovery after a ${OUTAGE_MS / 1000} s server outage (no online event) ==`);
  const times = await webkitRecoveryTimes({ runs: RUNS, outageMs: OUTAGE_MS });
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  console.log(`runs: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`median ${(median / 1000).toFixed(2)} s — goal ≤ ${GOAL_MS / 1000} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
