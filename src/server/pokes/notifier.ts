/**
 * Change notices between the writers of records and the poke streams (SPEC.md C16). A notice says WHERE records
 * changed (unit and team ids, including the ones records left), never what: it may cross processes through the
 * database (PostgreSQL NOTIFY), whose payloads every connection of the database can read.
 */
export interface ChangeNotice {
  /** The version counter after the change. */
  readonly version: number;
  /** Units of the changed records, before and after the change (a record that left a unit: S2). */
  readonly unitIds: readonly string[];
  /** Teams of the changed records (team leaders' areas), before and after. */
  readonly teamIds: readonly string[];
  /** Everybody's area may be concerned (the org tree changed, or the lists were too long to send). */
  readonly all: boolean;
  /** The device whose push it was, if any: it is not poked about its own change. */
  readonly clientId: string | null;
}

/**
 * Contract: `publish` never rejects and does not wait for delivery (a lost notice costs a few minutes until the
 * devices' timed pull, never data). Every subscriber of every process sharing the database gets each published
 * notice at most once, in publish order per process; subscribers of the publishing process get it even when the
 * cross-process channel is down. `close` stops delivery and releases connections.
 */
export interface ChangeNotifier {
  publish(notice: ChangeNotice): void;
  subscribe(listener: (notice: ChangeNotice) => void): () => void;
  close(): Promise<void>;
}

/** Delivers to this process's subscribers: SQLite (one server process), and the local half of PgNotifier. */
export class LocalNotifier implements ChangeNotifier {
  private readonly listeners = new Set<(n: ChangeNotice) => void>();
  private closed = false;

  publish(notice: ChangeNotice): void {
    if (this.closed) return;
    for (const fn of this.listeners) {
      try {
        fn(notice);
      } catch {
        // One stream's failure must not keep the others from their poke.
      }
    }
  }

  subscribe(listener: (n: ChangeNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    return Promise.resolve();
  }
}
