import { isFormulaLike } from '../../model/csv.ts';
import { checkIdNumber } from '../../model/id-number.ts';
import { newId } from '../../model/ids.ts';
import type { OrgIndex } from '../../model/org.ts';
import { personSchema, type Person } from '../../model/records/person.ts';
import { PERSON_CATEGORIES, PRIORITY_FLAGS } from '../../model/vocab.ts';
import type { ImportIssue } from '../../protocol/import.ts';
import { ImportFileError } from './errors.ts';
import { MAX_LISTED_ERRORS } from './limits.ts';
import { communityResolver, parseDateCell, splitList, STATUS_ALIASES, TIER_ALIASES } from './parse-cells.ts';
import type { Table } from './read-table.ts';
import { mapHeader, REGISTRY_COLUMNS, type RegistryField } from './registry-columns.ts';

/**
 * The plan of a registry import: what would be created and updated, and every error by row and column.
 * Pure (given `now` and an id source): the preview shows it, the commit writes it — only when `errorCount` is 0.
 *
 * Matching: a row whose ID number is already in the registry updates that person, never a second one.
 * An empty cell in a present column leaves the stored value as it is (a re-import never blanks data by
 * accident); a column the file does not have is left alone on update and takes its default on create.
 */
export interface RegistryPlan {
  readonly rows: number;
  readonly creates: Person[];
  readonly updates: { before: Person; after: Person; fields: Partial<Person> }[];
  readonly unchanged: number;
  readonly errors: ImportIssue[];
  readonly errorCount: number;
  /** The file row each person id came from, so a refusal at commit names its row. */
  readonly rowOf: ReadonlyMap<string, number>;
}

export interface RegistryContext {
  readonly org: OrgIndex;
  /** Live persons already in the store, by ID number. */
  readonly existing: ReadonlyMap<string, Person>;
  readonly actorId: string;
  readonly now: string;
  readonly makeId?: () => string;
}

const CATEGORY_SET = new Set<string>(PERSON_CATEGORIES);
const FLAG_SET = new Set<string>(PRIORITY_FLAGS);
/** Columns checked for formula injection: every free-text one (mobile and ID number have strict formats). */
const TEXT_FIELDS: readonly RegistryField[] = [
  'name',
  'address',
  'householdNotes',
  'community',
  'categories',
  'priorityFlags',
];

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function planRegistryImport(table: Table, ctx: RegistryContext): RegistryPlan {
  const { map, missing } = mapHeader(table.header);
  if (missing.length > 0) {
    throw new ImportFileError('missing_columns', `缺少必需的列：${missing.join('、')}`, {
      missing,
      found: table.header,
    });
  }
  const label = (f: RegistryField): string => {
    const i = map[f];
    return i === undefined ? REGISTRY_COLUMNS[f][0] : (table.header[i] ?? REGISTRY_COLUMNS[f][0]);
  };
  const errors: ImportIssue[] = [];
  let errorCount = 0;
  const fail = (row: number, f: RegistryField | null, message: string): void => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ row, column: f ? label(f) : null, message });
  };
  const resolve = communityResolver(ctx.org);
  const seen = new Map<string, number>();
  const creates: Person[] = [];
  const rowOf = new Map<string, number>();
  const updates: RegistryPlan['updates'] = [];
  let unchanged = 0;
  const makeId = ctx.makeId ?? newId;

  for (const r of table.rows) {
    const before = errorCount;
    const cell = (f: RegistryField): string | undefined => {
      const i = map[f];
      return i === undefined ? undefined : (r.cells[i] ?? '').trim();
    };
    for (const f of Object.keys(map) as RegistryField[]) {
      const i = map[f] ?? 0;
      if (r.kinds[i] === 'formula') fail(r.row, f, '单元格含公式，已拒绝；请复制后“粘贴为数值”再导入');
      else if (TEXT_FIELDS.includes(f) && isFormulaLike(cell(f) ?? '')) {
        fail(r.row, f, '内容以 = + - @ 开头，疑似公式注入，已拒绝');
      }
    }
    if (errorCount > before) continue;

    const fields: Partial<Person> = {};
    const name = cell('name') ?? '';
    if (name === '') fail(r.row, 'name', '姓名不能为空');
    else fields.name = name;

    const rawId = cell('idNumber') ?? '';
    const id = checkIdNumber(rawId);
    let idNumber = '';
    if (!id.ok) {
      const hint =
        r.kinds[map.idNumber ?? 0] === 'number'
          ? '（该列被 Excel 存为数字，末几位已丢失，请设为文本后重新录入）'
          : '';
      fail(r.row, 'idNumber', `${id.message}${hint}`);
    } else {
      idNumber = id.value;
      fields.idNumber = idNumber;
      const first = seen.get(idNumber);
      if (first !== undefined) fail(r.row, 'idNumber', `身份证号与第 ${first} 行重复`);
      else seen.set(idNumber, r.row);
    }

    const community = cell('community') ?? '';
    const unit = community === '' ? null : resolve(community);
    if (community === '') fail(r.row, 'community', '所属社区不能为空');
    else if (unit === 'ambiguous') fail(r.row, 'community', `社区名称“${community}”不唯一，请填写社区代码`);
    else if (unit === null) fail(r.row, 'community', `未知的社区“${community}”`);
    else fields.communityId = unit.id;

    const sex = cell('sex');
    if (sex) {
      if (sex !== '男' && sex !== '女') fail(r.row, 'sex', '性别应为“男”或“女”');
      else if (id.ok && id.sex !== sex) fail(r.row, 'sex', '性别与身份证号不符');
    }
    if (id.ok) fields.sex = id.sex;

    const mobile = cell('mobile');
    if (mobile) fields.mobile = mobile.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
    const address = cell('address');
    if (address) fields.address = address;
    const notes = cell('householdNotes');
    if (notes) fields.householdNotes = notes;

    const cats = cell('categories');
    if (cats) {
      const list = splitList(cats);
      const bad = list.filter((c) => !CATEGORY_SET.has(c));
      if (bad.length > 0) fail(r.row, 'categories', `未知的人员类别：${bad.join('、')}`);
      else fields.categories = [...new Set(list)] as Person['categories'];
    }
    const flags = cell('priorityFlags');
    if (flags) {
      const list = splitList(flags);
      const bad = list.filter((c) => !FLAG_SET.has(c));
      if (bad.length > 0) fail(r.row, 'priorityFlags', `未知的重点优抚类别：${bad.join('、')}`);
      else fields.priorityFlags = [...new Set(list)] as Person['priorityFlags'];
    }
    const tier = cell('contactTier');
    if (tier) {
      const t = TIER_ALIASES[tier];
      if (!t) fail(r.row, 'contactTier', '联系等级应为“普遍联系”或“重点联系”');
      else fields.contactTier = t;
    }
    const status = cell('status');
    if (status) {
      const s = STATUS_ALIASES[status];
      if (!s) fail(r.row, 'status', '状态应为“在册”“迁出”或“去世”');
      else fields.status = s;
    }
    const received = cell('receivedDate');
    if (received) {
      const d = parseDateCell(received);
      if (!d) fail(r.row, 'receivedDate', '接收日期应为 YYYY-MM-DD 且真实存在');
      else fields.receivedDate = d;
    }
    if (errorCount > before) continue;

    const prev = ctx.existing.get(idNumber);
    const candidate: Person = prev
      ? { ...prev, ...fields, updatedAt: ctx.now }
      : {
          id: makeId(),
          createdAt: ctx.now,
          createdBy: ctx.actorId,
          updatedAt: ctx.now,
          name: '',
          sex: '男',
          idNumber,
          mobile: null,
          address: '',
          communityId: '',
          categories: [],
          priorityFlags: [],
          contactTier: '普遍联系',
          householdNotes: '',
          status: '在册',
          receivedDate: null,
          ...fields,
        };
    const parsed = personSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const f = (
          key in REGISTRY_COLUMNS ? key : key === 'communityId' ? 'community' : null
        ) as RegistryField | null;
        fail(r.row, f, issue.message);
      }
      continue;
    }
    rowOf.set(parsed.data.id, r.row);
    if (!prev) {
      creates.push(parsed.data);
      continue;
    }
    const changed: Partial<Person> = {};
    for (const [k, v] of Object.entries(fields) as [keyof Person, unknown][]) {
      if (!sameValue(prev[k], v)) Object.assign(changed, { [k]: v });
    }
    if (Object.keys(changed).length === 0) unchanged++;
    else updates.push({ before: prev, after: parsed.data, fields: { ...changed, updatedAt: ctx.now } });
  }
  return { rows: table.rows.length, creates, updates, unchanged, errors, errorCount, rowOf };
}
