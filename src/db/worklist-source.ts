import type { ObservabilitySet } from 'dexie';
import type { WorklistInput } from '../model/worklist.ts';
import type { LocalRecord, ZoufangDB } from './database.ts';
import { META } from './meta.ts';
import { watchWrites } from './watch.ts';

/** The tables the must-visit list is computed from. */
export const WORKLIST_TABLES = ['person', 'visit', 'need', 'condolence'] as const;
export type WorklistTable = (typeof WORKLIST_TABLES)[number];

/** Primary keys written per table since the last update; `'all'` when a write did not say which. */
export type WorklistChanges = ReadonlyMap<WorklistTable, ReadonlySet<string>> | 'all';

type Rows = { [T in WorklistTable]: Map<string, LocalRecord<T>> };

/** Above this many changed rows a full read is as cheap as fetching them one by one. */
const MAX_PATCH_KEYS = 2_000;

/**
 * The device's persons, visits, needs and condolences, kept in memory for the must-visit list.
 *
 * Cost: on a district admin's device (20,000 persons, 50,000 visits) reading the four tables takes most of a
 * second in Chromium, on the main thread (deserialisation); the computation itself under 100 ms. So the
 * first `update` reads everything, and later ones re-read only the rows whose keys a write reported — a
 * visit saved on this device costs one `bulkGet`. Deleted records are not in the tables (a delete removes
 * the row), so they never count.
 *
 * Important: reads run in ONE read transaction, so a sync pull landing between two table reads cannot give
 * a visit without its person. A write that lands while a patch is read is reported by its own
 * `storagemutated` event and patched next; the copy is therefore eventually exact, never torn.
 */
export class WorklistSource {
  private rows: Rows | null = null;

  constructor(private readonly db: ZoufangDB) {}

  /** Brings the copy up to date (everything on first use) and returns it as the model's input. */
  async update(changes: WorklistChanges): Promise<Required<WorklistInput>> {
    const rows = this.rows;
    if (rows === null || changes === 'all' || countKeys(changes) > MAX_PATCH_KEYS) {
      this.rows = await this.readAll();
    } else {
      await this.patch(rows, changes);
    }
    return this.input();
  }

  private input(): Required<WorklistInput> {
    const rows = this.rows;
    if (!rows) return { persons: [], visits: [], needs: [], condolences: [] };
    return {
      persons: [...rows.person.values()],
      visits: [...rows.visit.values()],
      needs: [...rows.need.values()],
      condolences: [...rows.condolence.values()],
    };
  }

  private readAll(): Promise<Rows> {
    const db = this.db;
    return db.transaction('r', [db.person, db.visit, db.need, db.condolence], async () => {
      const [persons, visits, needs, condolences] = await Promise.all([
        db.person.toArray(),
        db.visit.toArray(),
        db.need.toArray(),
        db.condolence.toArray(),
      ]);
      return {
        person: byId(persons),
        visit: byId(visits),
        need: byId(needs),
        condolence: byId(condolences),
      };
    });
  }

  private async patch(rows: Rows, changes: ReadonlyMap<WorklistTable, ReadonlySet<string>>): Promise<void> {
    const db = this.db;
    await db.transaction('r', [db.person, db.visit, db.need, db.condolence], async () => {
      const patchers: { [T in WorklistTable]: (keys: string[]) => Promise<void> } = {
        person: (keys) => patchTable(db, rows.person, 'person', keys),
        visit: (keys) => patchTable(db, rows.visit, 'visit', keys),
        need: (keys) => patchTable(db, rows.need, 'need', keys),
        condolence: (keys) => patchTable(db, rows.condolence, 'condolence', keys),
      };
      await Promise.all([...changes].map(([table, keys]) => patchers[table]([...keys])));
    });
  }
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((r) => [r.id, r]));
}

async function patchTable<T extends WorklistTable>(
  db: ZoufangDB,
  map: Map<string, LocalRecord<T>>,
  table: T,
  keys: string[],
): Promise<void> {
  const found = await db.table_(table).bulkGet(keys);
  keys.forEach((key, i) => {
    const row = found[i];
    if (row) map.set(key, row);
    else map.delete(key);
  });
}

function countKeys(changes: ReadonlyMap<WorklistTable, ReadonlySet<string>>): number {
  let n = 0;
  for (const keys of changes.values()) n += keys.size;
  return n;
}

interface Node {
  readonly from?: unknown;
  readonly to?: unknown;
  readonly l?: Node | null;
  readonly r?: Node | null;
}

/** Adds the keys of one Dexie interval tree; false when it holds a range (not single keys) or a non-string key. */
function collectKeys(node: Node | null | undefined, into: Set<string>): boolean {
  if (!node || node.from === undefined) return true;
  if (typeof node.from !== 'string' || node.from !== node.to) return false;
  into.add(node.from);
  return collectKeys(node.l, into) && collectKeys(node.r, into);
}

/**
 * What a Dexie `storagemutated` event changed in the worklist's tables of `dbName`: null when nothing.
 * Dexie reports the primary keys of small writes (under 50 rows) and a full range for bulk writes and
 * clears: those come back as `'all'`.
 */
export function worklistChanges(parts: ObservabilitySet, dbName: string): WorklistChanges | null {
  const changes = new Map<WorklistTable, Set<string>>();
  for (const table of WORKLIST_TABLES) {
    const prefix = `idb://${dbName}/${table}/`;
    const touched = Object.keys(parts).some((k) => k.startsWith(prefix));
    if (!touched) continue;
    const keys = new Set<string>();
    for (const part of [prefix, `${prefix}:dels`]) {
      if (!collectKeys(parts[part] as Node | undefined, keys)) return 'all';
    }
    // An index part without a primary-key part: nothing says which rows, so read them all.
    if (keys.size === 0) return 'all';
    changes.set(table, keys);
  }
  return changes.size === 0 ? null : changes;
}

/** Merges two sets of changes (both pending before one update). */
export function mergeChanges(a: WorklistChanges | null, b: WorklistChanges): WorklistChanges {
  if (a === null) return b;
  if (a === 'all' || b === 'all') return 'all';
  const out = new Map<WorklistTable, Set<string>>();
  for (const [table, keys] of [...a, ...b]) {
    const set = out.get(table) ?? new Set<string>();
    for (const k of keys) set.add(k);
    out.set(table, set);
  }
  return out;
}

/**
 * Whether a Dexie `storagemutated` event rewrote the cached org tree (META.org) of `dbName`: a new 六必访 list
 * or community names arrived, so the list must be computed again even though no record changed. A range
 * (a clear, a bulk write) counts as a change.
 */
export function orgTreeChanged(parts: ObservabilitySet, dbName: string): boolean {
  const prefix = `idb://${dbName}/meta/`;
  const keys = new Set<string>();
  for (const part of [prefix, `${prefix}:dels`]) {
    if (!collectKeys(parts[part] as Node | undefined, keys)) return true;
  }
  return keys.has(META.org);
}

/**
 * Calls `onChange` with what changed after each write that matters to the must-visit list of `db`: a write to
 * one of its tables (the keys, or `'all'`), or a new cached org tree (an empty map: nothing to re-read, but
 * compute again). Returns the unsubscribe.
 */
export function watchWorklistChanges(
  db: ZoufangDB,
  onChange: (changes: WorklistChanges) => void,
): () => void {
  return watchWrites((parts) => {
    const changes = worklistChanges(parts, db.name);
    if (changes === null && !orgTreeChanged(parts, db.name)) return;
    onChange(changes ?? new Map());
  });
}
