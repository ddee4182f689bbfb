import { OrgIndex } from '../../model/org.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Store } from '../storage/store.ts';
import { ChangeSet, movedPersonIds, personIdNumbers, referencedIds, type Change } from './change-set.ts';

export interface ServerWriteChange {
  readonly kind: Change['kind'];
  readonly recordId: string;
  readonly op: 'put' | 'delete';
  /** The whole record on create; the changed fields on edit (as a push mutation's `fields`). */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * The version the change was based on. Default 0: every field another user wrote that this change overwrites
   * with a different value goes to the conflict log (an import never silently replaces what a worker typed).
   */
  readonly baseVersion?: number;
}

export interface ServerWriteResult {
  /** The counter after the write. */
  readonly version: number;
  /** The version each change got, in order (the current version for a change that had no effect). */
  readonly versions: readonly number[];
}

/**
 * For imports and other server-side writers (the reports/import engineer calls this): writes a batch of
 * changes through the same apply path as a push — one transaction, versions from the counter (so they appear
 * in pulls), per-field merge with conflict records, schema, org and area checks against `actor`, audit.
 * All or nothing: the first refused change throws a ProtocolError whose details carry `index` (its position in
 * `changes`) and `recordId`; nothing is stored then. No client sequence is involved. Keep batches to a few
 * thousand changes: the whole batch is one transaction holding the write lock.
 */
export async function applyServerWrite(
  store: Store,
  actor: SessionUser,
  changes: readonly ServerWriteChange[],
): Promise<ServerWriteResult> {
  return store.write(async (tx) => {
    const org = new OrgIndex(await tx.org());
    const all: Change[] = changes.map((c) => ({ ...c, baseVersion: c.baseVersion ?? 0 }));
    const loaded = await tx.records([...new Set(all.flatMap(referencedIds))]);
    const movers = movedPersonIds(all);
    if (movers.length > 0)
      for (const r of await tx.dependents(movers)) if (!loaded.has(r.id)) loaded.set(r.id, r);
    const idNumbers = personIdNumbers(all);
    if (idNumbers.length > 0)
      for (const r of await tx.personsByIdNumber(idNumbers)) if (!loaded.has(r.id)) loaded.set(r.id, r);
    const set = new ChangeSet(loaded, tx.version, org, actor, true);
    const versions = all.map((c, index) => {
      try {
        return set.apply(c);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        const details = typeof e.details === 'object' && e.details !== null ? e.details : {};
        throw new ProtocolError(e.reason, e.message, { ...details, index, recordId: c.recordId });
      }
    });
    await tx.save({
      records: set.records(),
      mutations: [],
      audit: set.audit,
      client: null,
      version: set.version,
    });
    return { version: set.version, versions };
  });
}
