import { archiveResolvedConflicts } from './replication/archive.ts';
import type { Store } from './storage/store.ts';

export const ARCHIVE_EVERY_MS = 60 * 60 * 1000;

export interface ArchiveLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ArchiveSchedule {
  /** Clears the timer and waits for a run in progress to end its batch; no run starts afterwards. */
  stop(): Promise<void>;
}

/**
 * Runs the conflict archive (replication/archive.ts) once now and then every `everyMs`. The timer is unref'd:
 * it never keeps the process alive. A failed run is logged and the next one tries again; runs never overlap.
 * With several server processes on one database each runs its own; the write lock makes that harmless.
 */
export function scheduleConflictArchive(
  store: Store,
  log: ArchiveLog,
  everyMs: number = ARCHIVE_EVERY_MS,
): ArchiveSchedule {
  const stopping = new AbortController();
  let running: Promise<void> | null = null;
  const once = async (): Promise<void> => {
    try {
      const r = await archiveResolvedConflicts(store, new Date(), stopping.signal);
      if (r.archived > 0) log.info(r, 'archived resolved conflict records');
    } catch (e) {
      log.error({ err: e }, 'conflict archive failed');
    } finally {
      running = null;
    }
  };
  const run = (): void => {
    if (stopping.signal.aborted || running) return;
    running = once();
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await running;
    },
  };
}
