import { normalizeIdNumber } from '../../model/id-number.ts';
import { createHash } from 'node:crypto';
import { isFormulaLike } from '../../model/csv.ts';
import { SCHEMAS, type Kind, type RecordOf } from '../../model/kinds.ts';
import type { OrgIndex } from '../../model/org.ts';
import type { Person } from '../../model/records/person.ts';
import { decodeText } from './decode.ts';
import type { ImportIssue } from '../../protocol/import.ts';
import { ImportFileError } from './errors.ts';
import { MAX_IMPORT_ROWS, MAX_LISTED_ERRORS } from './limits.ts';
import { checkSize } from './read-table.ts';

/**
 * Historical records (visits, condolences, needs, need steps, activities of past years) from JSON lines, one
 * record per line in the shapes of src/model/records with a `kind` field. A record names its person by
 * `personId` or by resident ID number (`personIdNumber`); `communityId` defaults to the person's, an activity's
 * `unitId` to its team's; bookkeeping fields default to the importer and now.
 *
 * Re-import never duplicates: a line without `id` gets an id derived from its content (same line → same id),
 * and a line whose id exists updates that record (need steps, being append-only, may only repeat unchanged).
 */
export const HISTORY_KINDS = ['visit', 'condolence', 'need', 'needStep', 'activity'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export interface HistoryRecord<K extends HistoryKind = HistoryKind> {
  readonly kind: K;
  readonly record: RecordOf<K>;
}

export interface HistoryPlan {
  readonly rows: number;
  readonly creates: HistoryRecord[];
  readonly updates: {
    kind: HistoryKind;
    before: Record<string, unknown>;
    after: HistoryRecord['record'];
    fields: Record<string, unknown>;
  }[];
  readonly unchanged: number;
  readonly errors: ImportIssue[];
  readonly errorCount: number;
  /**
   * Lines left out on purpose, each with its reason: records deleted on the server since an earlier import.
   * An import never brings a deleted record back (a worker or street staff deleted it; P11 refuses a put on a
   * tombstone), so the preview lists these lines and the commit writes the others: both say the same.
   */
  readonly skipped: ImportIssue[];
  /** The file line each record id came from, so a refusal at commit names its line. */
  readonly rowOf: ReadonlyMap<string, number>;
}

export interface HistoryContext {
  readonly org: OrgIndex;
  readonly personsById: ReadonlyMap<string, Person>;
  readonly personsByIdNumber: ReadonlyMap<string, Person>;
  /** Live records already stored, by id (any of HISTORY_KINDS), with their kind. */
  readonly existing: ReadonlyMap<string, { kind: Kind; data: Record<string, unknown> }>;
  /** Ids of records deleted on the server (tombstones): a line naming one is skipped, never restored. */
  readonly deleted?: ReadonlySet<string>;
  readonly actorId: string;
  readonly now: string;
}

const NAME_FIELDS = ['visitors', 'title', 'place', 'unitName', 'byName'] as const;
const MAX_LINE = 64 * 1024;

/** A UUID-shaped id from the line's content (version nibble 8: "custom"), stable across re-imports. */
function contentId(line: string): string {
  const h = createHash('sha256').update(line).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const isKind = (k: unknown): k is HistoryKind =>
  typeof k === 'string' && (HISTORY_KINDS as readonly string[]).includes(k);

export function readJsonLines(bytes: Uint8Array): string[] {
  checkSize(bytes);
  const { text } = decodeText(bytes);
  const lines = text.split(/\r?\n/);
  if (lines.filter((l) => l.trim() !== '').length > MAX_IMPORT_ROWS) {
    throw new ImportFileError('too_many_rows', `记录超过 ${MAX_IMPORT_ROWS} 行上限，请拆分后分批导入`);
  }
  return lines;
}

export function planHistoryImport(lines: readonly string[], ctx: HistoryContext): HistoryPlan {
  const errors: ImportIssue[] = [];
  let errorCount = 0;
  const fail = (row: number, column: string | null, message: string): void => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ row, column, message });
  };
  const creates: HistoryRecord[] = [];
  const updates: HistoryPlan['updates'] = [];
  let unchanged = 0;
  let rows = 0;
  const inFile = new Map<string, { kind: HistoryKind; row: number; data: Record<string, unknown> }>();
  const skipped: ImportIssue[] = [];

  lines.forEach((line, i) => {
    const row = i + 1;
    if (line.trim() === '') return;
    rows++;
    if (line.length > MAX_LINE) return fail(row, null, `单行超过 ${MAX_LINE / 1024} KB，已拒绝`);
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return fail(row, null, '不是有效的 JSON');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return fail(row, null, '每行应为一个 JSON 对象');
    const { kind, personIdNumber, ...fields } = raw as Record<string, unknown>;
    if (!isKind(kind)) return fail(row, 'kind', `kind 应为 ${HISTORY_KINDS.join(' / ')} 之一`);
    const before = errorCount;
    for (const f of NAME_FIELDS) {
      const v = fields[f];
      if (typeof v === 'string' && isFormulaLike(v.trim()))
        fail(row, f, '内容以 = + - @ 开头，疑似公式注入，已拒绝');
    }
    if (kind !== 'activity') {
      let person: Person | undefined;
      if (typeof personIdNumber === 'string' && personIdNumber.trim() !== '') {
        person = ctx.personsByIdNumber.get(normalizeIdNumber(personIdNumber));
        if (!person) fail(row, 'personIdNumber', `名册中没有身份证号为 ${personIdNumber} 的服务对象`);
        else fields['personId'] = person.id;
      } else if (typeof fields['personId'] === 'string') {
        person = ctx.personsById.get(fields['personId']);
        if (!person) fail(row, 'personId', '名册中没有该服务对象');
      } else if (!(kind === 'condolence' && fields['personId'] === null)) {
        fail(row, 'personId', '请用 personId 或 personIdNumber 指明服务对象');
      }
      if (person && fields['communityId'] === undefined) fields['communityId'] = person.communityId;
      const unit =
        typeof fields['communityId'] === 'string' ? ctx.org.byId.get(fields['communityId']) : undefined;
      if (errorCount === before && unit?.level !== 'community') fail(row, 'communityId', '未知的社区');
    } else {
      const team = typeof fields['teamId'] === 'string' ? ctx.org.teams.get(fields['teamId']) : undefined;
      if (!team) fail(row, 'teamId', '未知的志愿服务队');
      else fields['unitId'] ??= team.unitId;
    }
    if (errorCount > before) return;

    const id = typeof fields['id'] === 'string' ? fields['id'] : contentId(line.trim());
    if (ctx.deleted?.has(id)) {
      skipped.push({ row, column: null, message: '该记录已在系统中删除，不会恢复已删除的记录，此行跳过' });
      return;
    }
    const prev = ctx.existing.get(id);
    if (prev && prev.kind !== kind) return fail(row, 'id', `该编号已被另一类记录（${prev.kind}）使用`);
    const dup = inFile.get(id);
    if (dup) return fail(row, 'id', `记录编号与第 ${dup.row} 行重复`);
    const candidate = {
      createdAt: ctx.now,
      createdBy: ctx.actorId,
      ...prev?.data,
      ...fields,
      id,
      updatedAt: ctx.now,
    };
    const parsed = SCHEMAS[kind].safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        fail(row, issue.path.map(String).join('.') || null, issue.message);
      return;
    }
    const data = parsed.data as Record<string, unknown>;
    inFile.set(id, { kind, row, data });
    if (!prev) {
      creates.push({ kind, record: parsed.data });
      return;
    }
    const changed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) {
      if (k !== 'updatedAt' && JSON.stringify(prev.data[k]) !== JSON.stringify(v)) changed[k] = v;
    }
    if (Object.keys(changed).length === 0) unchanged++;
    else if (kind === 'needStep') fail(row, null, '帮扶进度记录只能新增，不能修改');
    else
      updates.push({
        kind,
        before: prev.data,
        after: parsed.data,
        fields: { ...changed, updatedAt: ctx.now },
      });
  });

  // A step must belong to a need stored or imported in the same file.
  for (const c of creates) {
    if (c.kind !== 'needStep') continue;
    const needId = (c.record as RecordOf<'needStep'>).needId;
    const need = ctx.existing.get(needId)?.kind === 'need' || inFile.get(needId)?.kind === 'need';
    if (!need) fail(inFile.get(c.record.id)?.row ?? 0, 'needId', '没有该困难帮扶需求');
  }
  const rowOf = new Map([...inFile].map(([id, v]) => [id, v.row]));
  return { rows, creates, updates, unchanged, errors, errorCount, skipped, rowOf };
}
