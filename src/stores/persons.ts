import { createStore } from 'zustand/vanilla';
import type { LocalRecord } from '../db/database.ts';
import { allPersons } from '../db/queries.ts';
import { watchTable } from '../db/watch.ts';
import { getDb } from './db.ts';
import { PersonIndex, type PersonRow } from './person-index.ts';
import { sessionStore } from './session.ts';
import { pullRunning, syncStore } from './sync-status.ts';

/**
 * The person search index, kept fresh from Dexie. Started once by the person list; later visits to the list
 * reuse it (no re-read per keystroke or per screen).
 *
 * Freshness: src/db/watch.ts reports every write to the person table — in this tab, in
 * other tabs, and from the sync engine's pulls. A burst of writes (a first download of 20,000 persons comes
 * in pages) is coalesced: the table is re-read REBUILD_DELAY_MS after the last write, and at least every
 * REBUILD_MAX_WAIT_MS while writes keep coming, one read at a time. A plain liveQuery would re-read all
 * persons after every page. During a pull (the sync engine's phase is `pulling`) an index already built is
 * not re-read at all: it is rebuilt once when the pull ends, so no whole-table read holds up the download's
 * writes (issue 9); the list meanwhile is the one from before the pull.
 */
export interface PersonsState {
  readonly index: PersonIndex | null;
  readonly error: string | null;
}

export const personsStore = createStore<PersonsState>(() => ({ index: null, error: null }));

const REBUILD_DELAY_MS = 150;
const REBUILD_MAX_WAIT_MS = 1_000;

let running: { stop(): void } | null = null;

function toRow(p: LocalRecord<'person'>): PersonRow {
  return {
    id: p.id,
    name: p.name,
    idNumber: p.idNumber,
    mobile: p.mobile,
    communityId: p.communityId,
    status: p.status,
    contactTier: p.contactTier,
  };
}

export function startPersonIndex(): void {
  if (running) return;
  const db = getDb();
  let stopped = false;
  let reading = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstPending: number | null = null;

  /** One read at a time; a change during a read triggers exactly one more. */
  const read = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    try {
      const persons = await allPersons(db);
      if (!stopped) personsStore.setState({ index: new PersonIndex(persons.map(toRow)), error: null });
    } catch {
      if (!stopped) personsStore.setState({ error: '无法读取服务对象名册' });
    } finally {
      reading = false;
    }
    if (again && !stopped) await read();
  };

  const schedule = () => {
    const now = Date.now();
    firstPending ??= now;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(REBUILD_DELAY_MS, firstPending + REBUILD_MAX_WAIT_MS - now));
    timer = setTimeout(() => {
      timer = null;
      firstPending = null;
      void read();
    }, wait);
  };

  let heldForPull = false;
  const unwatch = watchTable(db, 'person', () => {
    if (pullRunning() && personsStore.getState().index !== null) heldForPull = true;
    else schedule();
  });
  // The pull ended (synced, offline, an error…): the persons it wrote are read now, once.
  const offSync = syncStore.subscribe(() => {
    if (!heldForPull || pullRunning()) return;
    heldForPull = false;
    schedule();
  });
  void read();
  // Signing out drops the index: the next user must not search the previous one's list.
  const offSession = sessionStore.subscribe((s) => {
    if (s.status === 'signed-out') stopPersonIndex();
  });

  running = {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unwatch();
      offSession();
      offSync();
    },
  };
}

export function stopPersonIndex(): void {
  running?.stop();
  running = null;
  personsStore.setState({ index: null, error: null });
}
