import {
  APPEND_ONLY,
  IMMUTABLE_FIELDS,
  SCHEMAS,
  SERVER_CREATED,
  areaOf,
  type Kind,
} from '../../model/kinds.ts';
import { CORRECTABLE, correctionRefusal } from '../../model/corrections.ts';
import { newId } from '../../model/ids.ts';
import { fieldChanges } from '../../model/revisions.ts';
import { mergeFields, sameValue, type OverwrittenField } from '../../model/merge.ts';
import type { OrgIndex } from '../../model/org.ts';
import type { Conflict } from '../../model/records/conflict.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { AuditEntry, StoredRecord } from '../storage/store.ts';
import { writeRefusal, type Location } from './scope.ts';

/** The audit action of a revision (SPEC.md P18): read back by the record history route. */
export const REVISION_ACTION = 'revise';

/** One change to apply: a push mutation without its client bookkeeping, or a server-side write (import). */
export interface Change {
  readonly kind: Kind;
  readonly recordId: string;
  readonly op: 'put' | 'delete';
  readonly fields: Readonly<Record<string, unknown>>;
  readonly baseVersion: number;
}

/** Kinds that belong to a person and move with it (SPEC.md S9). */
const DEPENDENT: ReadonlySet<Kind> = new Set(['visit', 'condolence', 'need', 'needStep']);

/** Person ids a batch of changes may move: load their records first (`tx.dependents`). */
export function movedPersonIds(changes: readonly Change[]): string[] {
  return changes.filter((c) => c.kind === 'person' && 'communityId' in c.fields).map((c) => c.recordId);
}

/**
 * ID numbers a batch of changes creates or changes persons with: load the live persons holding them first
 * (`tx.personsByIdNumber`), so 一人一档 is checked over the whole registry (SPEC.md P19).
 */
export function personIdNumbers(changes: readonly Change[]): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    const v = c.kind === 'person' ? c.fields['idNumber'] : undefined;
    if (typeof v === 'string') out.add(v);
  }
  return [...out];
}

/** Fields that point at other records: they must exist and lie in the writer's area (no foreign ids). */
const REFERENCES: readonly { readonly field: string; readonly kind: Kind }[] = [
  { field: 'personId', kind: 'person' },
  { field: 'needId', kind: 'need' },
];

/** Ids a change may need to read besides its own record: call `tx.records` with these up front. */
export function referencedIds(c: Change): string[] {
  const ids = [c.recordId];
  for (const ref of REFERENCES) {
    const v = c.fields[ref.field];
    if (typeof v === 'string') ids.push(v);
  }
  return ids;
}

function issuesOf(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path.map(String).join('.') || '_'] ??= issue.message;
  return out;
}

/**
 * The changes of one write transaction, applied in server order to an in-memory working set of the rows read in
 * that transaction (SPEC.md P10–P13, S3). Pure apart from `newId()` for conflict ids: no I/O; the caller loads
 * the rows first and saves `records()` after. A refused change throws a ProtocolError and the caller stores
 * nothing (P5). Each effective change takes the next version; so does each conflict record it creates.
 */
export class ChangeSet {
  private current: number;
  private readonly rows: Map<string, StoredRecord>;
  private readonly touched = new Set<string>();
  /** Conflict records created here: their overwritten writer is named after (nameConflictWriters). */
  private readonly conflictIds: string[] = [];
  readonly audit: AuditEntry[] = [];

  constructor(
    loaded: ReadonlyMap<string, StoredRecord>,
    startVersion: number,
    private readonly org: OrgIndex,
    private readonly actor: SessionUser,
    /**
     * Write an audit entry per person change. Pushes pass false: their `mutations` rows already record who
     * changed which record in which version (Store.mutationsOf), and one row less per mutation keeps ingest fast.
     */
    private readonly auditChanges: boolean,
    /**
     * What a new person with an ID number already held by a live person becomes (SPEC.md P19): `duplicate` for
     * pushes (a device may have created it offline; refusing would set its visits aside too), `refuse` for
     * server-side writers, which are online and can be told.
     */
    private readonly onTakenIdNumber: 'duplicate' | 'refuse' = auditChanges ? 'refuse' : 'duplicate',
    private readonly now: string = new Date().toISOString(),
  ) {
    this.rows = new Map(loaded);
    this.current = startVersion;
  }

  /** The last version assigned (the counter value to store). */
  get version(): number {
    return this.current;
  }

  /** A row as this transaction sees it now (loaded, or written earlier in it). */
  row(id: string): StoredRecord | undefined {
    return this.rows.get(id);
  }

  /** The rows to save: each touched record once, in its final state. */
  records(): StoredRecord[] {
    return [...this.touched].map((id) => this.rows.get(id)).filter((r) => r !== undefined);
  }

  /** Applies one change; returns the version it got, or the current version when it had no effect. */
  apply(c: Change): number {
    const cur = this.rows.get(c.recordId);
    // Important: an existing record outside the writer's area is refused before anything else is checked, and
    // the refusal names only the id: no error may tell its kind, version, state or place (SPEC.md S3).
    if (cur && writeRefusal(this.org, this.actor, cur) !== null) {
      throw new ProtocolError('forbidden', '该记录不在您的管辖范围内', { recordId: c.recordId });
    }
    if (cur && cur.kind !== c.kind) {
      throw new ProtocolError('conflict', '记录编号已被另一类记录使用', {
        recordId: c.recordId,
        kind: cur.kind,
      });
    }
    // An honest client's base is a version it pulled, never above the record's: a higher one would hide conflicts.
    if (c.baseVersion > (cur?.version ?? 0)) {
      throw new ProtocolError('bad_request', '基础版本号无效', {
        baseVersion: c.baseVersion,
        version: cur?.version ?? 0,
      });
    }
    return c.op === 'delete' ? this.delete(c, cur) : this.put(c, cur);
  }

  private refuseOutside(loc: Location, recordId: string): void {
    const why = writeRefusal(this.org, this.actor, loc);
    if (why !== null)
      throw new ProtocolError('forbidden', why, { recordId, unitId: loc.unitId, teamId: loc.teamId });
  }

  /** A correction or void of someone else's visit, condolence or activity needs staff (SPEC.md S10). */
  private refuseNotAuthor(c: Change, cur: StoredRecord): void {
    const why = correctionRefusal(this.actor, c.kind, cur.data?.['createdBy']);
    if (why !== null) {
      throw new ProtocolError('forbidden', why, { recordId: c.recordId, fields: Object.keys(c.fields) });
    }
    // Who voided is the session's user, never a name a device claims (SPEC.md R4).
    if ('voidedBy' in c.fields && c.fields['voidedBy'] !== this.actor.id) {
      throw new ProtocolError('forbidden', '作废人只能是当前登录的用户', { recordId: c.recordId });
    }
  }

  private delete(c: Change, cur: StoredRecord | undefined): number {
    if (APPEND_ONLY.has(c.kind))
      throw new ProtocolError('conflict', '帮扶进度只能新增，不能删除', { recordId: c.recordId });
    if (SERVER_CREATED[c.kind])
      throw new ProtocolError('forbidden', '冲突记录由系统生成，不能删除', { recordId: c.recordId });
    // Deleting what the server never had, or already deleted, changes nothing: acknowledged without effect.
    if (!cur || cur.deleted) return this.current;
    this.refuseOutside(cur, cur.id);
    const version = ++this.current;
    this.set({ ...cur, version, deleted: true, data: null, stamps: {} });
    this.auditChange(c, version);
    return version;
  }

  private put(c: Change, cur: StoredRecord | undefined): number {
    if (cur?.deleted)
      throw new ProtocolError('conflict', '该记录已被删除，不能再修改', { recordId: c.recordId });
    const editable = SERVER_CREATED[c.kind];
    if (editable) {
      if (!cur) throw new ProtocolError('forbidden', '冲突记录只能由系统生成', { recordId: c.recordId });
      const other = Object.keys(c.fields).filter((f) => !editable.includes(f));
      if (other.length > 0)
        throw new ProtocolError('forbidden', '冲突记录只能修改处理结果', { fields: other });
    }
    if (cur && APPEND_ONLY.has(c.kind)) {
      throw new ProtocolError('conflict', '帮扶进度只能新增，不能修改', { recordId: c.recordId });
    }
    if (cur) {
      const changed = IMMUTABLE_FIELDS.filter((f) => f in c.fields && !sameValue(c.fields[f], cur.data?.[f]));
      if (changed.length > 0) throw new ProtocolError('conflict', '创建信息不能修改', { fields: changed });
      this.refuseOutside(cur, cur.id);
      this.refuseNotAuthor(c, cur);
    } else if (c.fields['id'] !== c.recordId) {
      throw new ProtocolError('bad_request', '记录编号与内容不符', { recordId: c.recordId });
    } else if (isHiddenLocation(c.fields['location'])) {
      // `hidden` is what a pull says in place of a place (S11); as a record's own location it would be a lie.
      throw new ProtocolError('bad_request', '位置格式不正确', { field: 'location' });
    }

    const version = ++this.current;
    const merged = mergeFields(
      cur ? { data: cur.data ?? {}, stamps: cur.stamps } : null,
      this.byFromSession(c, cur),
      c.baseVersion,
      version,
      this.actor.id,
    );
    const parsed = SCHEMAS[c.kind].safeParse(merged.data);
    if (!parsed.success) {
      throw new ProtocolError('bad_request', '记录内容不符合要求', { fields: issuesOf(parsed.error) });
    }
    let data = parsed.data as Record<string, unknown>;
    const loc = this.locate(c.kind, data, cur);
    this.refuseOutside(loc, c.recordId);
    this.checkReferences(c, cur);

    // Unknown fields were stripped by the schema: keep stamps only for what is stored.
    let stamps = merged.stamps;
    if (c.kind === 'person') {
      const duplicateOf = this.checkIdNumber(c, cur, data);
      if (duplicateOf !== undefined) {
        data = { ...data, duplicateOf };
        stamps = { ...stamps, duplicateOf: { v: version, by: this.actor.id } };
      }
    }
    for (const f in stamps) {
      if (!(f in data)) {
        stamps = Object.fromEntries(Object.entries(merged.stamps).filter(([k]) => k in data));
        break;
      }
    }
    const row: StoredRecord = {
      kind: c.kind,
      id: c.recordId,
      version,
      deleted: false,
      unitId: loc.unitId,
      streetId: this.org.streetOf(loc.unitId)?.id ?? null,
      teamId: loc.teamId,
      // A move keeps where it came from, so the old area's devices get a tombstone (SPEC.md S2).
      leftUnitId: cur && cur.unitId !== loc.unitId ? cur.unitId : (cur?.leftUnitId ?? null),
      leftTeamId:
        cur && cur.teamId !== null && cur.teamId !== loc.teamId ? cur.teamId : (cur?.leftTeamId ?? null),
      data,
      stamps,
    };
    this.set(row);
    for (const o of merged.overwritten) this.addConflict(row, o);
    this.auditChange(c, version);
    if (c.kind === 'person' && cur && cur.unitId !== row.unitId) this.moveWithPerson(row);
    if (cur) this.addRevision(c, cur, data, version);
    return version;
  }

  /**
   * 一人一档 (SPEC.md P19): a new person, or a person whose ID number changes, may not take an ID number a live
   * person already holds. A new one from a push becomes a duplicate to merge (returns the original's id, the
   * value of `duplicateOf`); anything else is refused 409 `conflict`, naming the holder only when it lies in
   * the writer's area. Returns null to clear `duplicateOf` (a duplicate corrected to a free ID number) and
   * undefined to leave it as merged.
   */
  private checkIdNumber(
    c: Change,
    cur: StoredRecord | undefined,
    data: Record<string, unknown>,
  ): string | null | undefined {
    const idNumber = data['idNumber'];
    if (cur && sameValue(idNumber, cur.data?.['idNumber'])) return undefined;
    let holder: StoredRecord | undefined;
    for (const r of this.rows.values()) {
      if (r.kind !== 'person' || r.deleted || r.id === c.recordId || r.data?.['idNumber'] !== idNumber)
        continue;
      // The original, not another duplicate of it: duplicates all point at the file that stays.
      if (!holder || typeof holder.data?.['duplicateOf'] === 'string') holder = r;
    }
    if (!holder) return typeof cur?.data?.['duplicateOf'] === 'string' ? null : undefined;
    const original = holder.data?.['duplicateOf'];
    const originalId = typeof original === 'string' ? original : holder.id;
    if (!cur && this.onTakenIdNumber === 'duplicate') return originalId;
    const visible = writeRefusal(this.org, this.actor, holder) === null;
    throw new ProtocolError(
      'conflict',
      visible
        ? '该身份证号已有服务对象档案（一人一档），请打开已有档案'
        : '该身份证号已在其他社区登记（一人一档），请联系街道核实',
      visible ? { recordId: c.recordId, existingPersonId: holder.id } : { recordId: c.recordId },
    );
  }

  /**
   * The fields the server records about who did something are the session's, never the client's word
   * (SPEC.md S9): `createdBy` of a new record, `resolvedBy` of a conflict resolution.
   */
  private byFromSession(c: Change, cur: StoredRecord | undefined): Readonly<Record<string, unknown>> {
    const fields: Record<string, unknown> = { ...c.fields };
    // Only the server marks duplicates and merges them (SPEC.md P19): a device's word on it is dropped.
    if (c.kind === 'person') delete fields['duplicateOf'];
    if (!cur && 'createdBy' in fields) fields['createdBy'] = this.actor.id;
    if (c.kind === 'conflict' && 'resolution' in fields) {
      // The conflict screen shows who resolved by name, as the app writes it: the session's name, not the body's.
      fields['resolvedBy'] = fields['resolution'] === null ? null : this.actor.displayName;
    }
    return fields;
  }

  /**
   * A person moved to another community takes its visits, condolences, needs and need steps along, and the
   * conflicts about it and them, in this same transaction (SPEC.md S9); each moved record takes a new version
   * and keeps where it left, so the old area's devices drop it (S2). The caller loaded them (tx.dependents).
   */
  private moveWithPerson(person: StoredRecord): void {
    const moved = new Set([person.id]);
    const move = (r: StoredRecord): void => {
      if (r.deleted || r.data === null || r.unitId === person.unitId) return;
      const version = ++this.current;
      this.set({
        ...r,
        version,
        unitId: person.unitId,
        streetId: person.streetId,
        leftUnitId: r.unitId,
        data: { ...r.data, communityId: person.unitId },
        stamps: { ...r.stamps, communityId: { v: version, by: this.actor.id } },
      });
      moved.add(r.id);
    };
    const rows = [...this.rows.values()];
    for (const r of rows) if (DEPENDENT.has(r.kind) && r.data?.['personId'] === person.id) move(r);
    for (const r of rows) {
      if (r.kind === 'conflict' && moved.has(String(r.data?.['recordId']))) move(r);
    }
  }

  /**
   * Merges two files of one person (SPEC.md P19): the duplicate's visits, condolences, needs and need steps
   * take the survivor's `personId` (and community), conflicts about the duplicate name the survivor, other
   * duplicates of it point at the survivor, and the duplicate becomes a tombstone; each changed row takes a
   * new version, so devices get the result by pull. The caller checked both persons (merge.ts) and loaded the
   * duplicate's dependents and the persons sharing the ID number. Returns the ids of the records that moved.
   */
  merge(survivor: StoredRecord, duplicate: StoredRecord): string[] {
    const moved: string[] = [];
    const stamp = (r: StoredRecord, fields: readonly string[], version: number): StoredRecord['stamps'] => ({
      ...r.stamps,
      ...Object.fromEntries(fields.map((f) => [f, { v: version, by: this.actor.id }])),
    });
    const rows = [...this.rows.values()];
    for (const r of rows) {
      if (r.deleted || r.data === null || !DEPENDENT.has(r.kind) || r.data['personId'] !== duplicate.id)
        continue;
      const version = ++this.current;
      this.set({
        ...r,
        version,
        unitId: survivor.unitId,
        streetId: survivor.streetId,
        leftUnitId: r.unitId !== survivor.unitId ? r.unitId : (r.leftUnitId ?? null),
        data: { ...r.data, personId: survivor.id, communityId: survivor.unitId },
        stamps: stamp(r, ['personId', 'communityId'], version),
      });
      moved.push(r.id);
    }
    const movedSet = new Set(moved);
    for (const r of rows) {
      if (r.deleted || r.data === null || r.kind !== 'conflict') continue;
      const about = String(r.data['recordId']);
      if (about !== duplicate.id && !movedSet.has(about)) continue;
      const version = ++this.current;
      this.set({
        ...r,
        version,
        unitId: survivor.unitId,
        streetId: survivor.streetId,
        leftUnitId: r.unitId !== survivor.unitId ? r.unitId : (r.leftUnitId ?? null),
        data: {
          ...r.data,
          recordId: about === duplicate.id ? survivor.id : about,
          communityId: survivor.unitId,
        },
        stamps: stamp(r, ['recordId', 'communityId'], version),
      });
      moved.push(r.id);
    }
    for (const r of rows) {
      if (r.kind !== 'person' || r.deleted || r.data === null || r.id === duplicate.id) continue;
      const points = r.data['duplicateOf'];
      // The survivor is the file that stays: a duplicate chosen as survivor stops being one.
      const next = r.id === survivor.id ? null : points === duplicate.id ? survivor.id : points;
      if (next === points || (next === null && points === undefined)) continue;
      const version = ++this.current;
      this.set({
        ...r,
        version,
        data: { ...r.data, duplicateOf: next },
        stamps: stamp(r, ['duplicateOf'], version),
      });
    }
    const version = ++this.current;
    this.set({ ...duplicate, version, deleted: true, data: null, stamps: {} });
    return moved;
  }

  /** The record's place in the org tree, checked against the tree: no records in unknown units or teams. */
  private locate(kind: Kind, data: Record<string, unknown>, cur: StoredRecord | undefined): Location {
    if (kind === 'conflict' && cur) return cur; // only resolution fields change; it stays where it was made
    const area = areaOf(kind, data);
    if (kind === 'activity') {
      const team = this.org.teams.get(area.teamId ?? '');
      if (!team) throw new ProtocolError('bad_request', '服务队不存在', { teamId: area.teamId });
      if (team.unitId !== area.unitId) {
        throw new ProtocolError('bad_request', '活动所属单位与服务队不符', {
          teamId: team.id,
          unitId: area.unitId,
        });
      }
      return { kind, unitId: area.unitId, teamId: team.id };
    }
    if (this.org.byId.get(area.unitId)?.level !== 'community') {
      throw new ProtocolError('bad_request', '所属社区不存在', { communityId: area.unitId });
    }
    return { kind, unitId: area.unitId, teamId: null };
  }

  /** A new or changed reference must name an existing record of the right kind in the writer's area. */
  private checkReferences(c: Change, cur: StoredRecord | undefined): void {
    for (const ref of REFERENCES) {
      const id = c.fields[ref.field];
      if (typeof id !== 'string' || sameValue(id, cur?.data?.[ref.field])) continue;
      const target = this.rows.get(id);
      if (!target || target.kind !== ref.kind) {
        throw new ProtocolError('bad_request', '引用的记录不存在', { field: ref.field, id });
      }
      const why = writeRefusal(this.org, this.actor, {
        kind: c.kind,
        unitId: target.unitId,
        teamId: target.teamId,
      });
      if (why !== null) throw new ProtocolError('forbidden', why, { field: ref.field, id });
    }
  }

  /** An overwritten value goes to the conflict log as a record of its own (SPEC.md P10). */
  private addConflict(row: StoredRecord, o: OverwrittenField): void {
    const version = ++this.current;
    const conflict: Conflict = {
      id: newId(),
      createdAt: this.now,
      createdBy: this.actor.id,
      updatedAt: this.now,
      kind: row.kind,
      recordId: row.id,
      communityId: row.unitId,
      field: o.field,
      overwrittenValue: o.overwrittenValue,
      overwrittenBy: o.overwrittenBy,
      overwrittenVersion: o.overwrittenVersion,
      appliedValue: o.appliedValue,
      appliedBy: this.actor.id,
      appliedVersion: row.version,
      appliedByName: this.actor.displayName,
      resolution: null,
      resolvedBy: null,
      resolvedAt: null,
    };
    const stamps = Object.fromEntries(
      Object.keys(conflict).map((f) => [f, { v: version, by: this.actor.id }]),
    );
    this.set({
      ...row,
      kind: 'conflict',
      id: conflict.id,
      version,
      data: conflict,
      stamps,
      leftUnitId: null,
      leftTeamId: null,
    });
    this.conflictIds.push(conflict.id);
  }

  /** The users whose values this set's conflicts overwrote: look their names up only when there are any. */
  conflictWriters(): string[] {
    const ids = this.conflictIds.map((id) => this.rows.get(id)?.data?.['overwrittenBy']);
    return [...new Set(ids.filter((v): v is string => typeof v === 'string'))];
  }

  /** Sets `overwrittenByName` on the conflicts created here, from users' display names (SPEC.md P10). */
  nameConflictWriters(names: ReadonlyMap<string, string>): void {
    for (const id of this.conflictIds) {
      const row = this.rows.get(id);
      const by = row?.data?.['overwrittenBy'];
      const name = typeof by === 'string' ? names.get(by) : undefined;
      if (!row?.data || name === undefined) continue;
      this.rows.set(id, {
        ...row,
        data: { ...row.data, overwrittenByName: name },
        stamps: { ...row.stamps, overwrittenByName: { v: row.version, by: this.actor.id } },
      });
    }
  }

  private set(row: StoredRecord): void {
    this.rows.set(row.id, row);
    this.touched.add(row.id);
  }

  /**
   * A correction of a visit, condolence or activity keeps its revision (SPEC.md P18): an audit row with the
   * fields it changed, old → new, at the server's time. Only corrections, which are rare next to new records,
   * so ingest of new records writes no extra row.
   */
  private addRevision(c: Change, cur: StoredRecord, data: Record<string, unknown>, version: number): void {
    if (!CORRECTABLE.has(c.kind)) return;
    const changes = fieldChanges(cur.data ?? {}, data, Object.keys(c.fields));
    if (changes.length === 0) return;
    this.audit.push({
      userId: this.actor.id,
      action: REVISION_ACTION,
      kind: c.kind,
      recordId: c.recordId,
      detail: { version, changes },
    });
  }

  /** "Who changed which person" (docs/domain.md, PIPL) for writes without a mutation row (imports). */
  private auditChange(c: Change, version: number): void {
    if (!this.auditChanges || c.kind !== 'person') return;
    this.audit.push({
      userId: this.actor.id,
      action: c.op === 'delete' ? 'delete' : 'change',
      kind: c.kind,
      recordId: c.recordId,
      detail: { version, fields: Object.keys(c.fields) },
    });
  }
}

function isHiddenLocation(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'status' in v && v.status === 'hidden';
}
