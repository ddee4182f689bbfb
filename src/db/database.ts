import type { EventKind } from '../model/records/reveal.ts';
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Kind, RecordOf } from '../model/kinds.ts';

/**
 * A record as the device keeps it: the record's fields plus `_v`, the server version this copy is based on
 * (0 until the server has acknowledged it). Local edits not yet pushed are already applied to the row; the
 * outbox says which (SPEC.md C2).
 */
export type LocalRecord<K extends Kind> = RecordOf<K> & { _v: number };

/** One queued change (SPEC.md P2). Removed only when the server acknowledges its `seq` (C4). */
export interface OutboxEntry {
  /** Local insertion order; IndexedDB's key generator never reuses a key. */
  id?: number;
  /** Per-client sequence number, contiguous from 1; what the server deduplicates on. */
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
export interface RejectedEntry extends Omit<OutboxEntry, 'id'> {
  id?: number;
  reason: string;
  message: string;
  rejectedAt: string;
}

/** A form being typed; saved on every change so a killed tab loses nothing. */
export interface Draft {
  key: string;
  form: string;
  values: Record<string, unknown>;
  savedAt: string;
}

/**
 * A record that a pull from the beginning of the area (SPEC.md P6 `reset`) has not delivered yet (C13): kept on
 * screen until that pull's last page, then deleted unless the pull brought it back or it has a pending change.
 */
export interface StaleRecord {
  id: string;
  kind: Kind;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class ZoufangDB extends Dexie {
  person!: EntityTable<LocalRecord<'person'>, 'id'>;
  visit!: EntityTable<LocalRecord<'visit'>, 'id'>;
  condolence!: EntityTable<LocalRecord<'condolence'>, 'id'>;
  need!: EntityTable<LocalRecord<'need'>, 'id'>;
  needStep!: EntityTable<LocalRecord<'needStep'>, 'id'>;
  activity!: EntityTable<LocalRecord<'activity'>, 'id'>;
  conflict!: EntityTable<LocalRecord<'conflict'>, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'id'>;
  rejected!: EntityTable<RejectedEntry, 'id'>;
  drafts!: EntityTable<Draft, 'key'>;
  meta!: EntityTable<MetaRow, 'key'>;
  staleAfterReset!: EntityTable<StaleRecord, 'id'>;

  constructor(name = 'zoufang') {
    super(name);
    // Important: never edit a published version; add version(N+1) with an upgrade() instead.
    this.version(1).stores({
      person: 'id, communityId, name, idNumber, updatedAt',
      visit: 'id, personId, communityId, date, followUpDate',
      condolence: 'id, personId, communityId, date',
      need: 'id, personId, communityId, status, followUpDate',
      needStep: 'id, needId, personId',
      activity: 'id, teamId, unitId, date',
      conflict: 'id, recordId, communityId',
      outbox: '++id, &seq, &mutationId, recordId',
      rejected: '++id, recordId',
      drafts: 'key, form',
      meta: 'key',
    });
    // 2: the records a restarted pull has yet to deliver (C13, mark and sweep). A new table only, so no
    // upgrade() is needed and every row stays. A device upgraded in the middle of a restarted pull starts with
    // no candidates: version 1 code already deleted its old rows on that pull's first page.
    this.version(2).stores({
      staleAfterReset: 'id, kind',
    });
  }

  /** The table of a kind, typed for generic code. */
  table_<K extends Kind>(kind: K): Table<LocalRecord<K>, string> {
    return this[kind] as unknown as Table<LocalRecord<K>, string>;
  }
}
