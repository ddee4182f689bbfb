import type { OrgIndex } from '../../model/org.ts';
import { revealSchema } from '../../model/records/reveal.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Mutation } from '../../protocol/mutation.ts';
import { auditEntry } from '../audit/actions.ts';
import type { AuditEntry, StoredRecord } from '../storage/store.ts';
import { writeRefusal } from './scope.ts';

/** The person a reveal names, to load with the push's other rows. */
export function revealPersonId(m: Mutation): string | null {
  const id = m.fields['personId'];
  return typeof id === 'string' ? id : null;
}

/**
 * A pushed `reveal` (SPEC.md S7): a device showed a person's whole ID number or mobile. It is checked like a new
 * record (schema, an existing person in the caller's area — the area first, naming only ids) and becomes an
 * audit row, not a stored record; its mutation row still makes it exactly-once (P3).
 */
export function acceptReveal(
  m: Mutation,
  person: StoredRecord | undefined,
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
  if (person && writeRefusal(org, user, person) !== null) {
    throw new ProtocolError('forbidden', '该记录不在您的管辖范围内', { recordId: r.personId });
  }
  if (!person || person.kind !== 'person' || person.deleted) {
    throw new ProtocolError('bad_request', '引用的记录不存在', { field: 'personId', id: r.personId });
  }
  return auditEntry({ userId: user.id, address, clientId }, 'reveal', {
    kind: 'person',
    recordId: r.personId,
    detail: { field: r.field, revealId: r.id, at: r.createdAt },
  });
}
