import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Kind, RecordOf } from '../model/kinds.ts';
import type { OutboxEntry, RejectedEntry } from './replica.ts';

/**
 * A record as the device keeps it: the record's fields plus `_v`, the server version this copy is based on
 * (0 until the server has acknowledged it). Local edits not yet pushed are already applied to the row; the
 * outbox says which (SPEC.md C2).
 */
export type LocalRecord<K extends Kind> = RecordOf<K> & { _v: number };

export type { OutboxEntry, RejectedEntry } from './replica.ts';

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
  outbox!: EntityTable<OutboxEntry, 'seq'>;
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
    // 3 and 4: the outbox keyed by `seq` instead of an auto-increment id, so acknowledging up to a seq is one
    // native key-range delete (C4). IndexedDB cannot change a store's key in place (Dexie refuses), so 3 copies
    // every entry into `outboxBySeq` and drops `outbox`, and 4 copies them back into `outbox`, now keyed by
    // seq, and drops the interim store: the name every reader knows stays. Both copies run in the one upgrade
    // transaction of a phone that opens the new app, so a pending change is never outside a store.
    this.version(3)
      .stores({ outbox: null, outboxBySeq: 'seq, &mutationId, recordId' })
      .upgrade(async (tx) => {
        const rows = (await tx.table('outbox').toArray()) as (OutboxEntry & { id?: number })[];
        await tx.table('outboxBySeq').bulkAdd(rows.map(({ id: _id, ...entry }) => entry));
      });
    this.version(4)
      .stores({ outboxBySeq: null, outbox: 'seq, &mutationId, recordId' })
      .upgrade(async (tx) => {
        await tx.table('outbox').bulkAdd(await tx.table('outboxBySeq').toArray());
      });
  }

  /**
   * Tells `fn` after each committed local write to THIS database (the repositories call `notifyLocalWrite`);
   * returns the unsubscribe function. Per instance, so two databases in one page never wake each other's
   * sync engines.
   */
  onLocalWrite(fn: () => void): () => void {
    this.writeListeners.add(fn);
    return () => this.writeListeners.delete(fn);
  }

  /** Called by the repositories after a write committed. A listener that throws does not stop the others. */
  notifyLocalWrite(): void {
    for (const fn of this.writeListeners) {
      try {
        fn();
      } catch {
        // A listener's bug must not fail a save that already committed.
      }
    }
  }

  private readonly writeListeners = new Set<() => void>();

  /** The table of a kind, typed for generic code. */
  table_<K extends Kind>(kind: K): Table<LocalRecord<K>, string> {
    return this[kind] as unknown as Table<LocalRecord<K>, string>;
  }
}
