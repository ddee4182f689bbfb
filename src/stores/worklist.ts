import { createStore } from 'zustand/vanilla';
import type { ZoufangDB } from '../db/database.ts';
import {
  mergeChanges,
  watchWorklistChanges,
  WorklistSource,
  type WorklistChanges,
} from '../db/worklist-source.ts';
import { chinaDate } from '../model/dates.ts';
import { visitTriggersOf } from '../model/org.ts';
import { DEFAULT_TRIGGERS } from '../model/vocab.ts';
import {
  buildWorklist,
  WORKLIST_KINDS,
  type WorklistConfig,
  type WorklistItem,
  type WorklistKind,
} from '../model/worklist.ts';
import { getDb } from './db.ts';
import { loadOrg, unitLabel } from './org.ts';
import { sessionStore } from './session.ts';
import { pullRunning, syncStore } from './sync-status.ts';

/**
 * The must-visit list (待访清单) over the device's own records, kept fresh from Dexie. Started by the worklist
 * screen; later visits reuse it.
 *
 * Cost: a district admin's device may hold 20,000 persons and 50,000 visits. The list is computed here, once
 * per change of the four tables it reads (person, visit, need, condolence) — never in a render. The records
 * stay in memory (db/worklist-source.ts): a change re-reads only the rows it touched, and a bulk write (a
 * sync page) everything. Like the person index (persons.ts), bursts of writes are coalesced: one recompute
 * RECOMPUTE_DELAY_MS after the last write, at least every RECOMPUTE_MAX_WAIT_MS while writes keep coming,
 * one computation at a time. A plain liveQuery would re-read all four tables after every write.
 *
 * During a pull (the sync engine's phase is `pulling`), bulk writes (sync pages) do not recompute a list that
 * is already on screen: they are collected and the list is recomputed once when the pull ends (whatever way
 * it ends). A whole-table read inside the download holds a read transaction on the tables the next page
 * writes, and on a full device (80,000 records in 80 pages) those reads made the first download 4× slower
 * than the bare engine (issue 9). The list shown meanwhile is the one from before the pull, as the rows on
 * screen are (C13). Small writes (a save on this device) still patch it at once; the very first computation
 * is never held back.
 *
 * Configuration: the 六必访 trigger list is the district's (the org tree's `visitTriggers`, as cached on the
 * device, read at every computation), unless `start` is given `config.triggers`. The list used is in the state
 * for the screen's explanation. A new list alone does not recompute: it applies from the next change or date.
 */
export interface WorklistEntry extends WorklistItem {
  /** The person's community, with its street (坪山街道 · 六联社区). */
  readonly communityName: string;
}

export type WorklistCounts = Readonly<Record<WorklistKind, number>>;

export interface WorklistState {
  /** idle: not started; loading: the first computation is under way. */
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly items: readonly WorklistEntry[];
  readonly counts: WorklistCounts;
  /** The date the list was computed for (China time). */
  readonly today: string | null;
  readonly error: string | null;
  /** The 六必访 trigger list the last computation used. */
  readonly triggers: readonly string[];
}

export interface WorklistOptions {
  /** Today's date, `YYYY-MM-DD` in China; injectable for tests. */
  readonly today?: () => string;
  readonly config?: WorklistConfig;
}

const noCounts = (): Record<WorklistKind, number> =>
  Object.fromEntries(WORKLIST_KINDS.map((k) => [k, 0])) as Record<WorklistKind, number>;

const initial: WorklistState = {
  status: 'idle',
  items: [],
  counts: noCounts(),
  today: null,
  error: null,
  triggers: DEFAULT_TRIGGERS,
};

export const worklistStore = createStore<WorklistState>(() => initial);

const RECOMPUTE_DELAY_MS = 150;
const RECOMPUTE_MAX_WAIT_MS = 1_000;
/**
 * While writes keep coming, a recompute waits at least this many times the last one's duration: a sync page
 * is a bulk write, which makes the next update read all four tables again, and on a full device (80,000
 * records) that read grew with every page of a first download until it held the main thread most of the time
 * (issue 9: the download took minutes). So the list takes at most about a fifth of the main thread.
 */
const RECOMPUTE_COST_FACTOR = 4;

let running: { db: ZoufangDB; stop(): void; refreshIfStale(): void } | null = null;

export function countByKind(items: readonly WorklistItem[]): WorklistCounts {
  const counts = noCounts();
  for (const item of items) counts[item.kind]++;
  return counts;
}

/**
 * Starts keeping the list fresh. Idempotent: a second call only recomputes when the date has changed since
 * the last computation (the app left open overnight) or the last one failed, so opening the screen again is
 * free.
 */
export function startWorklist(opts: WorklistOptions = {}): void {
  const db = getDb();
  if (running?.db === db) {
    running.refreshIfStale();
    return;
  }
  // Another database than the one being watched (tests swap it): start over on the new one.
  if (running) stopWorklist();
  const today = opts.today ?? (() => chinaDate());
  const source = new WorklistSource(db);
  // What changed since the last computation; the first one reads everything.
  let pending: WorklistChanges | null = 'all';
  let stopped = false;
  let computing = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstPending: number | null = null;
  let lastComputeMs = 0;

  /** One computation at a time; a change during one triggers exactly one more. */
  const compute = async (): Promise<void> => {
    if (computing) {
      again = true;
      return;
    }
    computing = true;
    again = false;
    const started = Date.now();
    try {
      const date = today();
      const changes: WorklistChanges = pending ?? new Map();
      pending = null;
      const [input, org] = await Promise.all([source.update(changes), loadOrg()]);
      const labels = new Map<string, string>();
      const triggers = opts.config?.triggers ?? visitTriggersOf(org.tree);
      const items = buildWorklist(input, date, { ...opts.config, triggers }).map((item): WorklistEntry => {
        let name = labels.get(item.communityId);
        if (name === undefined) {
          name = unitLabel(org, item.communityId);
          labels.set(item.communityId, name);
        }
        return { ...item, communityName: name };
      });
      if (!stopped) {
        worklistStore.setState({
          status: 'ready',
          items,
          counts: countByKind(items),
          today: date,
          error: null,
          triggers,
        });
      }
    } catch {
      // The copy may now be partial: read everything next time.
      pending = 'all';
      // Keep the last good list on screen; say it may be stale.
      if (!stopped) worklistStore.setState({ status: 'error', error: '无法计算待访清单，请稍后重试' });
    } finally {
      computing = false;
      lastComputeMs = Date.now() - started;
    }
    if (again && !stopped) await compute();
  };

  const schedule = (): void => {
    const now = Date.now();
    firstPending ??= now;
    if (timer) clearTimeout(timer);
    const maxWait = Math.max(RECOMPUTE_MAX_WAIT_MS, RECOMPUTE_COST_FACTOR * lastComputeMs);
    const wait = Math.max(0, Math.min(RECOMPUTE_DELAY_MS, firstPending + maxWait - now));
    timer = setTimeout(() => {
      timer = null;
      firstPending = null;
      void compute();
    }, wait);
  };

  // A bulk write during a pull, with a list on screen: held until the pull ends (see above). A new org tree
  // (another 六必访 list, renamed communities) changes the list without changing a record.
  let heldForPull = false;
  const unwatch = watchWorklistChanges(db, (changes) => {
    if (changes === 'all' && pullRunning() && worklistStore.getState().status === 'ready') {
      heldForPull = true;
      return;
    }
    pending = mergeChanges(pending, changes);
    schedule();
  });
  // The pull ended (synced, offline, an error…): what it wrote is computed now, once.
  const offSync = syncStore.subscribe(() => {
    if (!heldForPull || pullRunning()) return;
    heldForPull = false;
    pending = 'all';
    schedule();
  });
  worklistStore.setState({ status: 'loading', error: null });
  void compute();
  // Signing out drops the list: the next user must not see the previous one's persons.
  const offSession = sessionStore.subscribe((s) => {
    if (s.status === 'signed-out') stopWorklist();
  });

  running = {
    db,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unwatch();
      offSession();
      offSync();
    },
    refreshIfStale() {
      const state = worklistStore.getState();
      if (state.status === 'error' || (state.today !== null && state.today !== today())) schedule();
    },
  };
}

export function stopWorklist(): void {
  running?.stop();
  running = null;
  worklistStore.setState(initial, true);
}
