import type { ZoufangDB } from '../../src/db/database.ts';
import { applyPullPage } from '../../src/db/sync-store.ts';
import { newId } from '../../src/model/ids.ts';
import { KINDS, type Kind, type RecordOf } from '../../src/model/kinds.ts';
import type { Change, PullResponse } from '../../src/protocol/pull.ts';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';

/** Server pages for the storage side of a pull (SPEC.md P6, C13), written by hand. */

let version = 0;

const stamp = () => ({
  id: newId(),
  createdAt: '2026-11-20T08:00:00.000Z',
  createdBy: 'u-other',
  updatedAt: '2026-11-20T08:00:00.000Z',
});

export function serverPerson(communityId: string, name: string): RecordOf<'person'> {
  return { ...stamp(), ...newPerson({ communityId, name }) };
}

export function serverVisit(personId: string): RecordOf<'visit'> {
  return { ...stamp(), ...newVisit(personId) };
}

/** The server's latest version of a record, as a pull page carries it. */
export function change<K extends Kind>(kind: K, data: RecordOf<K>): Change {
  return { kind, id: data.id, version: ++version, deleted: false, data: { ...data } };
}

/** The server's tombstone of a record. */
export function tombstone(kind: Kind, id: string): Change {
  return { kind, id, version: ++version, deleted: true, data: null };
}

/** A page that ends its pull unless `over` says `more`. */
export function page(changes: Change[], cursor: string, over: Partial<PullResponse> = {}): PullResponse {
  return { changes, cursor, more: false, lastSeq: 0, ...over };
}

/** Ids of every record on the device, of all kinds, sorted. */
export async function deviceIds(db: ZoufangDB): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of KINDS) ids.push(...(await db.table_(kind).toCollection().primaryKeys()));
  return ids.sort();
}

/** Ids the device holds as stale after a reset (C13), sorted. */
export async function staleIds(db: ZoufangDB): Promise<string[]> {
  return (await db.staleAfterReset.toCollection().primaryKeys()).sort();
}

export function failCursor(): never {
  throw new Error('simulated: quota exceeded');
}

/** A device that synced the old area: two persons and a visit, at cursor `old`. */
export async function syncedOldArea(db: ZoufangDB) {
  const a = serverPerson(COMMUNITY, '旧甲');
  const b = serverPerson(COMMUNITY, '旧乙');
  const visit = serverVisit(a.id);
  await applyPullPage(db, page([change('person', a), change('person', b), change('visit', visit)], 'old'));
  return { a, b, visit };
}
