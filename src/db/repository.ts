import { SCHEMAS, APPEND_ONLY, type Kind, type RecordOf } from '../model/kinds.ts';
import type { LocatedKind, Reveal } from '../model/records/reveal.ts';
import { newId } from '../model/ids.ts';
import { changedFields } from '../model/merge.ts';
import type { ZoufangDB, LocalRecord, OutboxEntry } from './database.ts';
import { META, getClientId } from './meta.ts';
import { StorageError, toStorageError } from './errors.ts';

/** Who is writing: the signed-in user (id) on this device. */
export interface Actor {
  readonly userId: string;
  /**
   * The device clock that stamps createdAt/updatedAt (for people only, never for ordering — SPEC.md P9).
   * Defaults to the system clock; the sync simulation skews it by days.
   */
  readonly now?: () => Date;
}

/** The fields a caller supplies on create: everything but the bookkeeping. */
export type NewRecord<K extends Kind> = Omit<RecordOf<K>, 'id' | 'createdAt' | 'createdBy' | 'updatedAt'> & {
  id?: string;
};

/** Thrown when a record fails its schema; `fields` maps field name → Chinese message. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly reason = 'invalid';
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields)[0] ?? '记录格式不正确');
  }
}

export function validate<K extends Kind>(kind: K, value: unknown): RecordOf<K> {
  const parsed = SCHEMAS[kind].safeParse(value);
  if (parsed.success) return parsed.data as RecordOf<K>;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  throw new ValidationError(fields);
}

function nowIso(actor?: Actor): string {
  return (actor?.now?.() ?? new Date()).toISOString();
}

function stripLocal<K extends Kind>(row: LocalRecord<K>): RecordOf<K> {
  const { _v: _ignored, ...rest } = row;
  return rest as unknown as RecordOf<K>;
}

/**
 * Appends one outbox entry inside the caller's transaction. The sequence number comes from the meta table in
 * the same transaction, so two tabs writing at once still get distinct, contiguous numbers (SPEC.md C1).
 */
async function enqueue(
  db: ZoufangDB,
  entry: Omit<OutboxEntry, 'seq' | 'mutationId' | 'clientId' | 'at'>,
): Promise<OutboxEntry> {
  const clientId = await getClientId(db);
  const row = await db.meta.get(META.nextSeq);
  const seq = typeof row?.value === 'number' ? row.value : 1;
  await db.meta.put({ key: META.nextSeq, value: seq + 1 });
  const full: OutboxEntry = { ...entry, seq, mutationId: newId(), clientId, at: nowIso() };
  await db.outbox.add(full);
  return full;
}

/**
 * Repositories: the only way records are written on the device. Each write stores the record and appends its
 * outbox entry in ONE Dexie transaction — both or neither (SPEC.md C1).
 */
export async function createRecord<K extends Kind>(
  db: ZoufangDB,
  kind: K,
  input: NewRecord<K>,
  actor: Actor,
): Promise<RecordOf<K>> {
  const at = nowIso(actor);
  const record = validate(kind, {
    ...input,
    id: input.id ?? newId(),
    createdAt: at,
    createdBy: actor.userId,
    updatedAt: at,
  });
  try {
    await db.transaction('rw', [db.table_(kind), db.outbox, db.meta], async () => {
      await db.table_(kind).add({ ...record, _v: 0 });
      await enqueue(db, {
        kind,
        recordId: record.id,
        op: 'put',
        fields: record,
        baseVersion: 0,
        by: actor.userId,
      });
    });
  } catch (e) {
    throw toStorageError(e);
  }
  db.notifyLocalWrite();
  return record;
}

/**
 * Queues a reveal (SPEC.md S7): the screen showed a person's whole ID number or mobile. Only an outbox entry — no
 * record is kept on the device or the server — so a reveal made offline reaches the audit log at the next push.
 */
export async function recordReveal(
  db: ZoufangDB,
  person: { readonly id: string; readonly communityId: string },
  field: 'idNumber' | 'mobile',
  actor: Actor,
): Promise<void> {
  const at = nowIso(actor);
  await queueReveal(db, {
    id: newId(),
    createdAt: at,
    createdBy: actor.userId,
    updatedAt: at,
    personId: person.id,
    communityId: person.communityId,
    field,
  });
}

/**
 * Queues a location reveal (SPEC.md S11): the screen showed where a record was saved. Audited like an ID number
 * (S7), offline too. `unitId`: the record's community (an activity: its team's unit).
 */
export async function recordLocationReveal(
  db: ZoufangDB,
  record: { readonly kind: LocatedKind; readonly id: string; readonly unitId: string },
  actor: Actor,
): Promise<void> {
  const at = nowIso(actor);
  await queueReveal(db, {
    id: newId(),
    createdAt: at,
    createdBy: actor.userId,
    updatedAt: at,
    record: { kind: record.kind, id: record.id },
    communityId: record.unitId,
    field: 'location',
  });
}

async function queueReveal(db: ZoufangDB, reveal: Reveal): Promise<void> {
  try {
    await db.transaction('rw', [db.outbox, db.meta], async () => {
      await enqueue(db, {
        kind: 'reveal',
        recordId: reveal.id,
        op: 'put',
        fields: reveal,
        baseVersion: 0,
        by: reveal.createdBy,
      });
    });
  } catch (e) {
    throw toStorageError(e);
  }
  db.notifyLocalWrite();
}

/** Changes some fields of a record; only the changed fields travel (per-field merge, SPEC.md P10). */
export async function updateRecord<K extends Kind>(
  db: ZoufangDB,
  kind: K,
  id: string,
  patch: Partial<RecordOf<K>>,
  actor: Actor,
): Promise<RecordOf<K>> {
  if (APPEND_ONLY.has(kind)) throw new StorageError('invalid', '此类记录只能新增，不能修改');
  let result: RecordOf<K> | undefined;
  try {
    await db.transaction('rw', [db.table_(kind), db.outbox, db.meta], async () => {
      const row = await db.table_(kind).get(id);
      if (!row) throw new StorageError('invalid', '记录不存在或已被删除');
      const prev = stripLocal(row);
      const next = validate(kind, {
        ...prev,
        ...patch,
        id: prev.id,
        createdAt: prev.createdAt,
        createdBy: prev.createdBy,
        updatedAt: nowIso(actor),
      });
      const fields = changedFields(prev, next);
      result = next;
      if (Object.keys(fields).every((f) => f === 'updatedAt')) return;
      await db.table_(kind).put({ ...next, _v: row._v });
      await enqueue(db, { kind, recordId: id, op: 'put', fields, baseVersion: row._v, by: actor.userId });
    });
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw toStorageError(e);
  }
  db.notifyLocalWrite();
  return result as RecordOf<K>;
}

/**
 * Runs several repository writes as ONE transaction: every record with its outbox entry, or none of them
 * (a need's status change and its history step must not part). The createRecord/updateRecord calls made
 * inside `fn` join this transaction; `kinds` lists every table they touch.
 */
export async function writeTogether<T>(
  db: ZoufangDB,
  kinds: readonly Kind[],
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction('rw', [...kinds.map((k) => db.table_(k)), db.outbox, db.meta], fn);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw toStorageError(e);
  }
}

/** Deletes a record on the device and queues its tombstone. */
export async function deleteRecord(db: ZoufangDB, kind: Kind, id: string, actor: Actor): Promise<void> {
  if (APPEND_ONLY.has(kind)) throw new StorageError('invalid', '此类记录只能新增，不能删除');
  try {
    await db.transaction('rw', [db.table_(kind), db.outbox, db.meta], async () => {
      const row = await db.table_(kind).get(id);
      if (!row) return;
      await db.table_(kind).delete(id);
      await enqueue(db, {
        kind,
        recordId: id,
        op: 'delete',
        fields: {},
        baseVersion: row._v,
        by: actor.userId,
      });
    });
  } catch (e) {
    throw toStorageError(e);
  }
  db.notifyLocalWrite();
}

export async function getRecord<K extends Kind>(
  db: ZoufangDB,
  kind: K,
  id: string,
): Promise<RecordOf<K> | undefined> {
  const row = await db.table_(kind).get(id);
  return row ? stripLocal(row) : undefined;
}
