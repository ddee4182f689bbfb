import { OrgIndex } from '../../model/org.ts';
import type { Person } from '../../model/records/person.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { auditEntry, type AuditContext } from '../audit/actions.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { ImportOutcome } from '../../protocol/import.ts';
import { applyServerWrite, type ServerWriteChange } from '../replication/server-write.ts';
import type { Store, StoredRecord } from '../storage/store.ts';
import { ImportFileError } from './errors.ts';
import { HISTORY_KINDS, planHistoryImport, readJsonLines } from './history.ts';
import { MAX_LISTED_ERRORS } from './limits.ts';
import { readTable, sniffFormat, checkSize } from './read-table.ts';
import { planRegistryImport } from './registry.ts';

/**
 * One import, previewed or committed: validate everything first, then write all of it in ONE transaction
 * through the server's apply path (applyServerWrite), so imported records get versions and reach devices by
 * pull — or write nothing. A file with any error is never committed. The outcome's wire shape is
 * src/protocol/import.ts.
 */

/** How many data rows the preview's sample shows, and how much of a JSON line. */
export const SAMPLE_ROWS = 5;
const SAMPLE_LINE_CHARS = 200;

function liveData(rows: readonly StoredRecord[]): { row: StoredRecord; data: Record<string, unknown> }[] {
  return rows.flatMap((row) => (row.deleted || row.data === null ? [] : [{ row, data: { ...row.data } }]));
}

/** Maps a file-level problem to the wire error (400 / 413). */
export function toProtocolError(e: unknown): unknown {
  if (!(e instanceof ImportFileError)) return e;
  return new ProtocolError(e.reason === 'too_large' ? 'too_large' : 'bad_request', e.message, {
    importReason: e.reason,
    ...(typeof e.details === 'object' && e.details !== null ? e.details : {}),
  });
}

export async function runImport(
  store: Store,
  actor: SessionUser,
  bytes: Uint8Array,
  fileName: string,
  opts: { commit: boolean; now?: string; audit?: AuditContext },
): Promise<ImportOutcome> {
  checkSize(bytes);
  const now = opts.now ?? new Date().toISOString();
  const org = new OrgIndex(await store.getOrg());
  const format = sniffFormat(bytes, fileName);
  const personRows = liveData(await store.scanRecords({ kinds: ['person'], unitIds: null }));
  const versions = new Map(personRows.map((p) => [p.row.id, p.row.version]));
  const persons = personRows.map((p) => p.data as unknown as Person);
  // 一人一档 (SPEC.md P19): an ID number names the file that stays, never a duplicate waiting to merge.
  const byIdNumber = new Map(
    [...persons].sort((a, b) => Number(!a.duplicateOf) - Number(!b.duplicateOf)).map((p) => [p.idNumber, p]),
  );

  let outcome: Omit<ImportOutcome, 'committed'>;
  let changes: ServerWriteChange[];
  let rowOf: ReadonlyMap<string, number> = new Map();
  if (format === 'jsonl') {
    const lines = readJsonLines(bytes);
    const stored = await store.scanRecords({
      kinds: [...HISTORY_KINDS],
      unitIds: null,
      includeDeleted: true,
    });
    const existingRows = liveData(stored);
    for (const r of existingRows) versions.set(r.row.id, r.row.version);
    const plan = planHistoryImport(lines, {
      org,
      personsById: new Map(persons.map((p) => [p.id, p])),
      personsByIdNumber: byIdNumber,
      existing: new Map(existingRows.map((r) => [r.row.id, { kind: r.row.kind, data: r.data }])),
      deleted: new Set(stored.filter((r) => r.deleted).map((r) => r.id)),
      actorId: actor.id,
      now,
    });
    outcome = {
      kind: 'history',
      format,
      encoding: null,
      rows: plan.rows,
      create: plan.creates.length,
      update: plan.updates.length,
      unchanged: plan.unchanged,
      errors: plan.errors,
      errorCount: plan.errorCount,
      skipped: plan.skipped.length,
      notices: plan.skipped.slice(0, MAX_LISTED_ERRORS),
      sample: {
        header: ['JSON 行'],
        rows: lines
          .filter((l) => l.trim() !== '')
          .slice(0, SAMPLE_ROWS)
          .map((l) => [l.length > SAMPLE_LINE_CHARS ? `${l.slice(0, SAMPLE_LINE_CHARS)}…` : l]),
      },
    };
    rowOf = plan.rowOf;
    changes = [
      ...plan.creates.map((c) => ({
        kind: c.kind,
        recordId: c.record.id,
        op: 'put' as const,
        fields: c.record,
      })),
      ...plan.updates.map((u) => ({
        kind: u.kind,
        recordId: u.after.id,
        op: 'put' as const,
        fields: u.fields,
        baseVersion: versions.get(u.after.id) ?? 0,
      })),
    ];
  } else {
    const table = await readTable(bytes, fileName);
    const plan = planRegistryImport(table, {
      org,
      existing: byIdNumber,
      actorId: actor.id,
      now,
    });
    outcome = {
      kind: 'registry',
      format: table.format,
      encoding: table.encoding,
      rows: plan.rows,
      create: plan.creates.length,
      update: plan.updates.length,
      unchanged: plan.unchanged,
      errors: plan.errors,
      errorCount: plan.errorCount,
      skipped: 0,
      notices: [],
      sample: {
        header: table.header,
        rows: table.rows.slice(0, SAMPLE_ROWS).map((r) => r.cells),
      },
    };
    rowOf = plan.rowOf;
    changes = [
      ...plan.creates.map((p) => ({
        kind: 'person' as const,
        recordId: p.id,
        op: 'put' as const,
        fields: p,
      })),
      ...plan.updates.map((u) => ({
        kind: 'person' as const,
        recordId: u.before.id,
        op: 'put' as const,
        fields: u.fields,
        baseVersion: versions.get(u.before.id) ?? 0,
      })),
    ];
  }
  if (!opts.commit || outcome.errorCount > 0 || changes.length === 0) {
    return { ...outcome, committed: false };
  }
  try {
    await applyServerWrite(store, actor, changes);
  } catch (e) {
    // A refusal by the apply path (e.g. a record changed or deleted meanwhile): name the line it came from.
    if (e instanceof ProtocolError) {
      const details = typeof e.details === 'object' && e.details !== null ? e.details : {};
      const recordId = (details as { recordId?: unknown }).recordId;
      const row = typeof recordId === 'string' ? rowOf.get(recordId) : undefined;
      const where = row === undefined ? '' : `第 ${row} 行：`;
      throw new ProtocolError(e.reason, `导入未写入：${where}${e.message}`, {
        ...details,
        ...(row === undefined ? {} : { row }),
      });
    }
    throw e;
  }
  // What came in, by id (SPEC.md S7); the person rows themselves are audited by the apply path.
  await store.appendAudit([
    auditEntry(opts.audit ?? { userId: actor.id, address: null }, 'import', {
      kind: outcome.kind,
      detail: {
        file: fileName,
        format: outcome.format,
        create: outcome.create,
        update: outcome.update,
        ids: changes.map((c) => c.recordId),
      },
    }),
  ]);
  return { ...outcome, committed: true };
}
