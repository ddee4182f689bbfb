import type { LoginResponse } from '../protocol/auth.ts';
import type { PullResponse } from '../protocol/pull.ts';
import type { Kind } from '../model/kinds.ts';
import type { EventKind } from '../model/records/reveal.ts';

/**
 * The device's data as the sync engine sees it: the one face of `src/db` that `src/sync` may import (lint).
 * Two implementations keep the same contract (test/db/replica-contract.ts): over Dexie (dexie-replica.ts, the
 * app) and in memory (memory-replica.ts, the engine's unit tests). Types only: importing this module loads
 * neither Dexie nor IndexedDB.
 *
 * Important: every method is one short step — one IndexedDB transaction on Dexie. The engine never holds one
 * across an HTTP request: it reads, sends, then records the answer with another call (SPEC.md C12).
 */
export interface Replica {
  /** This device's client id (P3): made on first use, the same for the life of the replica. */
  clientId(): Promise<string>;
  /**
   * Up to `limit` outbox entries with `seq > afterSeq`, in seq order (0: from the oldest). Entries are
   * contiguous unless another tab renumbers meanwhile (the engine sends only the contiguous prefix).
   */
  outboxAfter(afterSeq: number, limit: number): Promise<OutboxEntry[]>;
  /** Outbox entries not yet acknowledged. */
  pendingCount(): Promise<number>;
  /** The server applied every seq ≤ `lastSeq` (a push answer): those entries leave the outbox (C4). */
  acknowledge(lastSeq: number): Promise<void>;
  /**
   * The server refused the entry with this seq (C6, C10), in one step: it moves to the rejected list with the
   * reason, the later entries move down one seq (P5), the record's local row is dropped and its id is queued
   * for a refetch (`refetchIds`). Returns false, changing nothing, when no entry has that seq.
   */
  reject(seq: number, reason: string, message: string): Promise<boolean>;
  /**
   * The server's lastSeq for this client is behind the first outbox entry (C14: it was restored from a
   * backup and lost acknowledged changes): renumbers the outbox to start at `serverLastSeq + 1`, moves the next
   * local seq with it, and clears the cursor so the next pull starts over (its sweep makes the device equal
   * the server, C13). Returns false, changing nothing, when the outbox is empty or already follows it.
   */
  followServerSeq(serverLastSeq: number): Promise<boolean>;
  /** The opaque pull cursor (P6); null before the first page and after a restart. */
  cursor(): Promise<string | null>;
  /** Ids of records dropped by `reject` whose server copy the next pull asks for (C10), at most `limit`. */
  refetchIds(limit: number): Promise<string[]>;
  /**
   * Stores one pull page in one step (C2, C4, C5, C13): acknowledges `page.lastSeq`, rebases each record on
   * its pending entries, stores tombstones as deletions, runs the reset mark-and-sweep, and moves the cursor
   * last. `refetched`: the ids the request asked for (C10); when the page answers them (`page.refetched`
   * present) they leave the refetch list in the same step, and when it does not (an older server) the cursor is
   * cleared instead so the next pull restarts and brings them back. A record that cannot be stored refuses
   * the whole page with a StorageError('invalid') and nothing moves.
   */
  applyPullPage(page: PullResponse, refetched?: readonly string[]): Promise<PageResult>;
  /** Changes the server refused, kept for the worker (C6). */
  rejectedCount(): Promise<number>;
  /** Device time of the last completed sync (for display only, P9). */
  lastSyncedAt(): Promise<string | null>;
  setLastSyncedAt(iso: string): Promise<void>;
  /**
   * Tells `fn` after each committed local write of THIS replica (not of another database in the page);
   * returns the unsubscribe function. Listeners run synchronously after the commit and must not throw.
   */
  onLocalWrite(fn: () => void): () => void;
  /** The signed-in session cached on the device. */
  readonly session: SessionCache;
}

/** The session the device keeps so the app works offline on it (C11); the token never leaves it but in headers. */
export interface SessionCache {
  load(): Promise<StoredSession | undefined>;
  save(session: StoredSession): Promise<void>;
  /** Forgets the session only: records and outbox stay (C9). */
  clear(): Promise<void>;
}

export type StoredSession = LoginResponse;

/** One queued change (SPEC.md P2), keyed by `seq`. Removed only when the server acknowledges its seq (C4). */
export interface OutboxEntry {
  /** Per-client sequence number, contiguous; what the server deduplicates on. The outbox's key. */
  seq: number;
  mutationId: string;
  clientId: string;
  kind: Kind | EventKind;
  recordId: string;
  op: 'put' | 'delete';
  fields: Record<string, unknown>;
  baseVersion: number;
  /** Who made the change and when (device clock: for people, never for ordering). */
  by: string;
  at: string;
}

/** A change the server refused (SPEC.md C6): kept with the reason until the worker corrects or exports it. */
export interface RejectedEntry extends OutboxEntry {
  id?: number;
  reason: string;
  message: string;
  rejectedAt: string;
}

export interface PageResult {
  /** Records written (created or replaced) on the device. */
  readonly stored: number;
  /**
   * Rows removed because the server sent a tombstone, or swept at the end of a restarted pull because it did
   * not bring them back (C13).
   */
  readonly removed: number;
}
