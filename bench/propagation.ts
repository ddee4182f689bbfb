/**
 * `npm run bench`, propagation part (issue 8): imported by bench/run.ts, which calls `run()`. In Chromium, two
 * devices of one community on the real server (SQLite): the time from device A's tap on 保存 for a visit to
 * device B — left alone on the person's page — showing it, through the server's poke (SPEC.md C16). Median of 5
 * against the goal (≤ 3 s). Prints figures only. WebKit is not measured here (one engine per device pair).
 */
import { startHarness } from '../test/e2e/harness.ts';
import { median, twoWorkers, visitPropagation } from '../test/e2e/propagation.ts';

const GOAL_MS = 3_000;

export async function run(): Promise<void> {
  console.log('\n== Propagation: a visit saved on device A, shown on device B (Chromium, median of 5) ==');
  const h = await startHarness();
  try {
    const pageA = await (await h.device('a')).newPage();
    const pageB = await (await h.device('b')).newPage();
    const personId = await twoWorkers(pageA, h.baseUrl, pageB, h.baseUrl, '传播测量', 21);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      times.push(await visitPropagation(pageA, h.baseUrl, pageB, personId, `传播测量走访${i}`));
    }
    const med = median(times);
    console.log(`runs: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
    console.log(
      `median ${(med / 1000).toFixed(2)} s — goal ≤ ${GOAL_MS / 1000} s: ${med <= GOAL_MS ? 'met' : 'NOT met'}`,
    );
  } finally {
    await h.close();
  }
}
