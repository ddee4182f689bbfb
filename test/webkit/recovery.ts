import { startHarness, type Harness } from '../e2e/harness.ts';
import { assertWebKitInstalled, launchWebKit, type WebKit } from './engine.ts';
import { createPerson, logIn, outboxSize, recordVisit, waitForController } from './flows.ts';
import type { Session } from './webdriver.ts';

/**
 * The outage case (issue: "back in seconds"), shared by the WebKit e2e test and `npm run bench`: the server
 * dies, the worker records a visit (it fails to push and waits in the outbox), the server stays down for
 * `outageMs`, then comes back. No `online` event is sent and the page is not reloaded — the browser believed
 * it was online all along, as on a phone with a weak signal or behind a restarting server. What is measured is
 * the time from the server answering again to the device's outbox being empty.
 *
 * The session must be signed in, on a page of the app, with an empty outbox.
 */
export interface OutageRun {
  /** ms from the server answering again to an empty outbox. */
  readonly recoveryMs: number;
  /** The situation text of the visit recorded during the outage (to find it on the server). */
  readonly situation: string;
}

export async function outageRecovery(
  h: Harness,
  s: Session,
  opts: { personId: string; outageMs: number; giveUpMs: number; label: string },
): Promise<OutageRun> {
  if ((await outboxSize(s)) !== 0) throw new Error('outageRecovery: the outbox must be empty at the start');
  const situation = `断网期间的走访 ${opts.label}`;
  await h.killServer();
  const downAt = Date.now();
  await recordVisit(s, opts.personId, situation);
  if ((await outboxSize(s)) === 0) throw new Error('outageRecovery: the visit never reached the outbox');
  const rest = downAt + opts.outageMs - Date.now();
  if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  // startServer resolves once the server answers HTTP (polled every 150 ms): that is "back". The device may
  // reach the server a little before the harness notices, so a figure can read up to ~150 ms low (even ~0).
  await h.startServer();
  const upAt = Date.now();
  for (;;) {
    if ((await outboxSize(s)) === 0) return { recoveryMs: Date.now() - upAt, situation };
    if (Date.now() - upAt > opts.giveUpMs)
      throw new Error(
        `outageRecovery: the outbox was still not empty ${opts.giveUpMs} ms after the server came back`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * For `npm run bench`: `runs` outages of `outageMs` in one WebKit session against the real server (harness of
 * test/e2e, dist/ must be built); returns each run's recovery time, in order.
 */
export async function webkitRecoveryTimes(opts: { runs: number; outageMs: number }): Promise<number[]> {
  assertWebKitInstalled();
  const h = await startHarness();
  let wk: WebKit | null = null;
  try {
    wk = await launchWebKit();
    const s = await wk.newSession();
    await s.goto(h.baseUrl);
    await waitForController(s);
    await logIn(s, 'worker1');
    const personId = await createPerson(s, 'WebKit基准甲', 41);
    const times: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      await waitUntilEmpty(s, 60_000);
      const run = await outageRecovery(h, s, {
        personId,
        outageMs: opts.outageMs,
        giveUpMs: 5 * 60_000,
        label: `bench ${i + 1}`,
      });
      times.push(run.recoveryMs);
    }
    return times;
  } finally {
    await wk?.close();
    await h.close();
  }
}

async function waitUntilEmpty(s: Session, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await outboxSize(s)) !== 0) {
    if (Date.now() > deadline) throw new Error(`the outbox did not empty within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
