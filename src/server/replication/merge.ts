import { OrgIndex } from '../../model/org.ts';
import { STAFF_ROLES } from '../../model/roles.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { MergeResponse } from '../../protocol/merge.ts';
import { auditEntry, type AuditAction, type AuditContext } from '../audit/actions.ts';
import type { StoredRecord, Store } from '../storage/store.ts';
import { ChangeSet } from './change-set.ts';
import { writeRefusal } from './scope.ts';

/** The audit action of a merge (SPEC.md P19): read back on the survivor's page and the audit screen. */
export const MERGE_ACTION: AuditAction = 'merge';

/**
 * Merges the person `duplicateId` into `survivorId` (SPEC.md P19) in ONE write transaction through the change
 * set, as a push would: new versions from the counter (devices get the result by pull), one audit row that keeps
 * the duplicate's whole file as it was, so nothing typed is lost. Street staff and the district admin, for two
 * live persons of their area with the same ID number.
 */
export async function mergePersons(
  store: Store,
  actor: SessionUser,
  survivorId: string,
  duplicateId: string,
  ctx: AuditContext,
): Promise<MergeResponse> {
  if (!STAFF_ROLES.includes(actor.role)) {
    throw new ProtocolError('forbidden', '只有街道或区级工作人员可以合并档案', { role: actor.role });
  }
  if (survivorId === duplicateId) {
    throw new ProtocolError('bad_request', '不能把档案合并到它自己', { recordId: survivorId });
  }
  return store.write(async (tx) => {
    const org = new OrgIndex(await tx.org());
    const both = await tx.records([survivorId, duplicateId]);
    const live = (id: string): StoredRecord => {
      const r = both.get(id);
      // Area first, naming only the id (SPEC.md S3): nothing about a record outside the caller's area.
      if (r && writeRefusal(org, actor, r) !== null) {
        throw new ProtocolError('forbidden', '该记录不在您的管辖范围内', { recordId: id });
      }
      if (!r || r.kind !== 'person' || r.deleted || r.data === null) {
        throw new ProtocolError('not_found', '找不到该服务对象档案', { recordId: id });
      }
      return r;
    };
    const survivor = live(survivorId);
    const duplicate = live(duplicateId);
    const idNumber = survivor.data?.['idNumber'];
    if (typeof idNumber !== 'string' || duplicate.data?.['idNumber'] !== idNumber) {
      throw new ProtocolError('conflict', '两份档案的身份证号不同，不能合并', { survivorId, duplicateId });
    }
    const loaded = new Map(both);
    for (const r of await tx.dependents([duplicateId])) loaded.set(r.id, r);
    for (const r of await tx.personsByIdNumber([idNumber])) if (!loaded.has(r.id)) loaded.set(r.id, r);
    const set = new ChangeSet(loaded, tx.version, org, actor, true);
    const moved = set.merge(survivor, duplicate);
    const audit = auditEntry(ctx, MERGE_ACTION, {
      kind: 'person',
      recordId: survivorId,
      // `ids` makes the row show up for either person (AuditQuery.personId); `duplicate` keeps its file.
      detail: { duplicateId, ids: [survivorId, duplicateId, ...moved], moved, duplicate: duplicate.data },
    });
    await tx.save({
      records: set.records(),
      mutations: [],
      audit: [audit],
      client: null,
      version: set.version,
    });
    return { survivorId, duplicateId, moved, version: set.version };
  });
}
