import type { OrgIndex } from '../../model/org.ts';
import { revealSchema, revealTarget } from '../../model/records/reveal.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Mutation } from '../../protocol/mutation.ts';
import { auditEntry } from '../audit/actions.ts';
import type { AuditEntry, StoredRecord } from '../storage/store.ts';
import { writeRefusal } from './scope.ts';

/** The record a reveal names (its person, or for a location the located record), to load with the push's rows. */
export function revealPersonId(m: Mutation): string | null {
  const record = m.fields['record'];
  const id =
    m.fields['field'] === 'location'
      ? typeof record === 'object' && record !== null && 'id' in record
        ? record.id
        : null
      : m.fields['personId'];
  return typeof id === 'string' ? id : null;
}

/**
 * A pushed `reveal` (SPEC.md S7): a device showed a person's whole ID number or mobile, or where a record was
 * saved (S11). It is checked like a new record (schema, an existing person — or located record of the named kind
 * — in the caller's area, the area first, naming only ids) and becomes an audit row, not a stored record; its
 * mutation row still makes it exactly-once (P3).
 */
export function acceptReveal(
  m: Mutation,
  /** The record the reveal names (revealPersonId), as loaded. */
  target: StoredRecord | undefined,
  org: OrgIndex,
  user: SessionUser,
  address: string | null,
  /** The push's client id (sent once per push, SPEC.md P16). */
  clientId: string,
): AuditEntry {
  if (m.op !== 'put' || m.baseVersion !== 0) {
    throw new ProtocolError('bad_request', '查看记录只能新增', { recordId: m.recordId });
  }
  const parsed = revealSchema.safeParse({ ...m.fields, id: m.recordId, createdBy: user.id });
  if (!parsed.success) throw new ProtocolError('bad_request', '查看记录格式不正确', { recordId: m.recordId });
  const r = parsed.data;
  const targetId = revealTarget(r) ?? '';
  const kind = r.field === 'location' ? (r.record?.kind ?? 'visit') : 'person';
  if (target && writeRefusal(org, user, target) !== null) {
    throw new ProtocolError('forbidden', '该记录不在您的管辖范围内', { recordId: targetId });
  }
  if (!target || target.kind !== kind || target.deleted) {
    const field = r.field === 'location' ? 'record' : 'personId';
    throw new ProtocolError('bad_request', '引用的记录不存在', { field, id: targetId });
  }
  return auditEntry({ userId: user.id, address, clientId }, 'reveal', {
    kind,
    recordId: targetId,
    detail: { field: r.field, revealId: r.id, at: r.createdAt },
  });
}
