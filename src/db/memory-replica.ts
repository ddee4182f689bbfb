import { APPEND_ONLY, KINDS, SCHEMAS, type Kind, type RecordOf } from '../model/kinds.ts';
import { newId } from '../model/ids.ts';
import { changedFields } from '../model/merge.ts';
import type { PullResponse } from '../protocol/pull.ts';
import { StorageError } from './errors.ts';
import { decodePage, refetchOutcome } from './pull-page.ts';
import { rebase } from './rebase.ts';
import type { OutboxEntry, PageResult, RejectedEntry, Replica, StoredSession } from './replica.ts';

/** A row as the replica keeps it: the record plus `_v`, the server version it is based on (C2). */
export type MemoryRow = Record<string, unknown> & { id: string; _v: number };

/**
 * The device's data in memory, with the same contract as the Dexie replica (test/db/replica-contract.ts):
 * rebase, acknowledgement, refusal with renumbering and refetch, the reset mark-and-sweep (C13), the seq
 * repair (C14). No IndexedDB: for the engine's unit tests, which then run in milliseconds and say nothing
 * about Dexie (test/db covers that). Every method finishes its change without awaiting in between, so each
 * is atomic as a Dexie transaction is. Values are copied in and out, as IndexedDB's structured clone does.
 *
 * Local writes (`create`, `update`, `remove`) follow the repositories' rules: the record and its outbox entry
 * together (C1), only changed fields travel (P10), the base version is the row's.
 */
export class MemoryReplica implements Replica {
  private readonly tables = new Map<Kind, Map<string, MemoryRow>>(KINDS.map((k) => [k, new Map()]));
  private queue: OutboxEntry[] = [];
  private readonly refused: RejectedEntry[] = [];
  private nextSeq = 1;
  private cursorValue: string | null = null;
  private refetch: string[] = [];
  private readonly stale = new Map<string, Kind>();
  private lastSynced: string | null = null;
  private id: string | null = null;
  private stored: StoredSession | undefined;
  private readonly listeners = new Set<() => void>();

  /** `now`: the device clock that stamps records and entries (people only, P9). */
  constructor(private readonly now: () => Date = () => new Date()) {}

  // --- Replica ---

  clientId(): Promise<string> {
    this.id ??= newId();
    return Promise.resolve(this.id);
  }

  outboxAfter(afterSeq: number, limit: number): Promise<OutboxEntry[]> {
    return Promise.resolve(structuredClone(this.queue.filter((e) => e.seq > afterSeq).slice(0, limit)));
  }

  pendingCount(): Promise<number> {
    return Promise.resolve(this.queue.length);
  }

  acknowledge(lastSeq: number): Promise<void> {
    this.queue = this.queue.filter((e) => e.seq > lastSeq);
    return Promise.resolve();
  }

  reject(seq: number, reason: string, message: string): Promise<boolean> {
    const entry = this.queue.find((e) => e.seq === seq);
    if (!entry) return Promise.resolve(false);
    this.refused.push({
      ...entry,
      id: this.refused.length + 1,
      reason,
      message,
      rejectedAt: this.now().toISOString(),
    });
    this.queue = this.queue
      .filter((e) => e !== entry)
      .map((e) => (e.seq > seq ? { ...e, seq: e.seq - 1 } : e));
    this.nextSeq--;
    // A refused event (a reveal) has no local record to drop or fetch again.
    if (entry.kind === 'reveal') return Promise.resolve(true);
    this.table(entry.kind).delete(entry.recordId);
    if (!this.refetch.includes(entry.recordId)) this.refetch.push(entry.recordId);
    return Promise.resolve(true);
  }

  followServerSeq(serverLastSeq: number): Promise<boolean> {
    const first = this.queue[0];
    if (!first || first.seq <= serverLastSeq + 1) return Promise.resolve(false);
    const delta = serverLastSeq + 1 - first.seq;
    this.queue = this.queue.map((e) => ({ ...e, seq: e.seq + delta }));
    this.nextSeq += delta;
    this.cursorValue = null;
    return Promise.resolve(true);
  }

  cursor(): Promise<string | null> {
    return Promise.resolve(this.cursorValue);
  }

  refetchIds(limit: number): Promise<string[]> {
    return Promise.resolve(this.refetch.slice(0, limit));
  }

  async applyPullPage(page: PullResponse, refetched: readonly string[] = []): Promise<PageResult> {
    // Everything that can refuse the page runs before the first change (C5).
    const rows = decodePage(page);
    const { answered, cursor } = refetchOutcome(page, refetched);
    this.queue = this.queue.filter((e) => e.seq > page.lastSeq);
    const ids = rows.map((r) => r.change.id);
    // After the acknowledgement: an entry this page acknowledges no longer keeps its record (C4, C13).
    if (page.reset === true) this.markStale(new Set(ids));
    else for (const id of ids) this.stale.delete(id);
    let stored = 0;
    let removed = 0;
    for (const { change, data } of rows) {
      const pending = this.queue.filter((e) => e.recordId === change.id);
      const row = data === null ? null : rebase(data, pending);
      if (row === null) {
        this.table(change.kind).delete(change.id);
        removed++;
      } else {
        this.table(change.kind).set(change.id, {
          ...structuredClone(row),
          id: change.id,
          _v: change.version,
        });
        stored++;
      }
    }
    if (!page.more) removed += this.sweep();
    const done = new Set(answered);
    this.refetch = this.refetch.filter((id) => !done.has(id));
    this.cursorValue = cursor;
    return { stored, removed };
  }

  rejectedCount(): Promise<number> {
    return Promise.resolve(this.refused.length);
  }

  lastSyncedAt(): Promise<string | null> {
    return Promise.resolve(this.lastSynced);
  }

  setLastSyncedAt(iso: string): Promise<void> {
    this.lastSynced = iso;
    return Promise.resolve();
  }

  onLocalWrite(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  readonly session = {
    load: (): Promise<StoredSession | undefined> => Promise.resolve(structuredClone(this.stored)),
    save: (s: StoredSession): Promise<void> => {
      this.stored = structuredClone(s);
      return Promise.resolve();
    },
    clear: (): Promise<void> => {
      this.stored = undefined;
      return Promise.resolve();
    },
  };

  // --- local writes (the repositories' rules) ---

  /** Creates a record and queues it whole (C1); returns the record. */
  async create<K extends Kind>(kind: K, input: Record<string, unknown>, by: string): Promise<RecordOf<K>> {
    const at = this.now().toISOString();
    const record = check(kind, {
      ...input,
      id: input['id'] ?? newId(),
      createdAt: at,
      createdBy: by,
      updatedAt: at,
    });
    if (this.table(kind).has(record.id)) throw new StorageError('invalid', '记录已存在');
    this.table(kind).set(record.id, { ...structuredClone(record), _v: 0 });
    this.enqueue({
      kind,
      recordId: record.id,
      op: 'put',
      fields: structuredClone(record),
      baseVersion: 0,
      by,
    });
    return record as RecordOf<K>;
  }

  /** Changes fields of a record; only the changed ones are queued (P10). */
  async update<K extends Kind>(
    kind: K,
    id: string,
    patch: Record<string, unknown>,
    by: string,
  ): Promise<RecordOf<K>> {
    if (APPEND_ONLY.has(kind)) throw new StorageError('invalid', '此类记录只能新增，不能修改');
    const row = this.table(kind).get(id);
    if (!row) throw new StorageError('invalid', '记录不存在或已被删除');
    const { _v, ...prev } = row;
    const next = check(kind, {
      ...prev,
      ...patch,
      id,
      createdAt: prev['createdAt'],
      createdBy: prev['createdBy'],
      updatedAt: this.now().toISOString(),
    });
    const fields = changedFields(prev, next);
    if (Object.keys(fields).every((f) => f === 'updatedAt')) return next as RecordOf<K>;
    this.table(kind).set(id, { ...structuredClone(next), _v });
    this.enqueue({ kind, recordId: id, op: 'put', fields, baseVersion: _v, by });
    return next as RecordOf<K>;
  }

  /** Deletes a record on the device and queues its tombstone; a missing record is a no-op. */
  async remove(kind: Kind, id: string, by: string): Promise<void> {
    if (APPEND_ONLY.has(kind)) throw new StorageError('invalid', '此类记录只能新增，不能删除');
    const row = this.table(kind).get(id);
    if (!row) return;
    this.table(kind).delete(id);
    this.enqueue({ kind, recordId: id, op: 'delete', fields: {}, baseVersion: row._v, by });
    return;
  }

  // --- inspection (tests) ---

  /** The local row of a record (with `_v`), or undefined. */
  get(kind: Kind, id: string): MemoryRow | undefined {
    const row = this.table(kind).get(id);
    return row && structuredClone(row);
  }

  /** Ids of every record of a kind on the device. */
  ids(kind: Kind): string[] {
    return [...this.table(kind).keys()];
  }

  /** The outbox, oldest first. */
  outbox(): OutboxEntry[] {
    return structuredClone(this.queue);
  }

  /** The refused changes, oldest first. */
  rejected(): RejectedEntry[] {
    return structuredClone(this.refused);
  }

  /** Ids marked stale by a restarted pull that has not ended (C13). */
  staleIds(): string[] {
    return [...this.stale.keys()];
  }

  // --- internals ---

  private table(kind: Kind): Map<string, MemoryRow> {
    const t = this.tables.get(kind);
    if (!t) throw new StorageError('invalid', `unknown kind ${kind}`);
    return t;
  }

  private enqueue(entry: Omit<OutboxEntry, 'seq' | 'mutationId' | 'clientId' | 'at'>): void {
    this.id ??= newId();
    this.queue.push({
      ...entry,
      seq: this.nextSeq++,
      mutationId: newId(),
      clientId: this.id,
      at: this.now().toISOString(),
    });
    for (const fn of this.listeners) {
      try {
        fn();
      } catch {
        // A listener's bug must not fail a write that already happened.
      }
    }
  }

  private pendingIds(): Set<string> {
    return new Set(this.queue.map((e) => e.recordId));
  }

  /** The reset page: every record without a pending entry that the page does not deliver is stale (C13). */
  private markStale(delivered: ReadonlySet<string>): void {
    this.stale.clear();
    const pending = this.pendingIds();
    for (const [kind, rows] of this.tables) {
      for (const id of rows.keys()) if (!pending.has(id) && !delivered.has(id)) this.stale.set(id, kind);
    }
  }

  /** The last page of a pull: deletes what is still stale and not pending by now, clears the marks (C13). */
  private sweep(): number {
    if (this.stale.size === 0) return 0;
    const pending = this.pendingIds();
    let swept = 0;
    for (const [id, kind] of this.stale) {
      if (!pending.has(id) && this.table(kind).delete(id)) swept++;
    }
    this.stale.clear();
    return swept;
  }
}

function check(kind: Kind, value: unknown): RecordOf<Kind> & { id: string } {
  const parsed = SCHEMAS[kind].safeParse(value);
  if (!parsed.success) {
    throw new StorageError(
      'invalid',
      parsed.error.issues[0]?.message ?? '记录格式不正确',
      parsed.error.issues,
    );
  }
  return parsed.data;
}
