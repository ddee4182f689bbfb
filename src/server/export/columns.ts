import { digitText, type Cell } from '../../model/csv.ts';
import { maskIdNumber } from '../../model/id-number.ts';
import { maskMobile } from '../../model/mobile.ts';
import type { OrgIndex } from '../../model/org.ts';
import { LOCATION_MASKED, locationSchema, locationText } from '../../model/records/location.ts';
import type { ExportKind } from '../../protocol/export.ts';

/**
 * The columns of each exported record kind, in Chinese, as the bureau's spreadsheets name them.
 *
 * Masking rule (WHOLE_ID_ROLES in model/roles.ts): ID numbers and mobiles are exported whole only to the district
 * admin and street staff, who keep the registry and contact persons across communities; community workers
 * and team leaders get `340524********001X` / `138****1234`. Money is exported in yuan.
 *
 * Location rule (LOCATION_ROLES, SPEC.md S11): where a record was saved is exported only to the same roles;
 * others read that one was recorded. Why none was (denied, timeout) names no place and is shown to all.
 */

export interface ExportContext {
  readonly org: OrgIndex;
  readonly unmasked: boolean;
  /** Person id → name, for records that name a person. */
  readonly personNames: ReadonlyMap<string, string>;
  /** The caller may see record locations (LOCATION_ROLES); absent = masked. */
  readonly locations?: boolean;
}

type Row = Readonly<Record<string, unknown>>;
type Column = readonly [label: string, get: (r: Row, c: ExportContext) => Cell];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const s = (v: unknown): Cell => (typeof v === 'string' ? v : typeof v === 'number' ? v : null);
const f =
  (key: string): ((r: Row) => Cell) =>
  (r) =>
    s(r[key]);
const list =
  (key: string): ((r: Row) => Cell) =>
  (r) =>
    Array.isArray(r[key]) ? (r[key] as unknown[]).join('、') : '';
const yuan =
  (key: string): ((r: Row) => Cell) =>
  (r) => {
    const v = r[key];
    return typeof v === 'number' ? v / 100 : null;
  };
const unit =
  (key: string): ((r: Row, c: ExportContext) => Cell) =>
  (r, c) => {
    const id = s(r[key]);
    return typeof id === 'string' ? (c.org.byId.get(id)?.name ?? id) : null;
  };
const personName = (r: Row, c: ExportContext): Cell => c.personNames.get(String(r['personId'])) ?? null;

const place = (r: Row, c: ExportContext): Cell => {
  const parsed = locationSchema.safeParse(r['location']);
  if (!parsed.success) return null;
  return parsed.data.status === 'ok' && c.locations !== true ? LOCATION_MASKED : locationText(parsed.data);
};

export const COLUMNS: Record<ExportKind, readonly Column[]> = {
  person: [
    ['姓名', f('name')],
    ['性别', f('sex')],
    ['身份证号', (r, c) => digitText(c.unmasked ? str(r['idNumber']) : maskIdNumber(str(r['idNumber'])))],
    [
      '手机号',
      (r, c) =>
        typeof r['mobile'] === 'string'
          ? digitText(c.unmasked ? r['mobile'] : maskMobile(r['mobile']))
          : null,
    ],
    ['地址', f('address')],
    ['所属社区', unit('communityId')],
    ['社区代码', (r) => digitText(str(r['communityId']))],
    ['人员类别', list('categories')],
    ['重点优抚', list('priorityFlags')],
    ['联系等级', f('contactTier')],
    ['状态', f('status')],
    ['接收日期', f('receivedDate')],
    ['家庭情况', f('householdNotes')],
  ],
  visit: [
    ['走访日期', f('date')],
    ['服务对象', personName],
    ['所属社区', unit('communityId')],
    ['走访类型', f('campaign')],
    ['六必访情形', f('trigger')],
    ['走访方式', f('method')],
    ['走访人员', f('visitors')],
    ['基本情况', f('situation')],
    ['诉求/困难', f('needsRaised')],
    ['处理情况', f('actionTaken')],
    ['回访日期', f('followUpDate')],
    ['位置', place],
  ],
  condolence: [
    ['慰问日期', f('date')],
    ['慰问对象', (r, c) => (r['personId'] === null ? s(r['unitName']) : personName(r, c))],
    ['所属社区', unit('communityId')],
    ['慰问事由', f('occasion')],
    ['慰问层级', f('level')],
    ['慰问金（元）', yuan('cashFen')],
    ['慰问物资', f('goods')],
    ['物资价值（元）', yuan('goodsValueFen')],
    ['资金来源', f('fundsSource')],
    ['慰问人员', f('visitors')],
    ['位置', place],
  ],
  need: [
    ['登记日期', f('openedDate')],
    ['服务对象', personName],
    ['所属社区', unit('communityId')],
    ['困难类别', f('category')],
    ['紧急程度', f('urgency')],
    ['困难描述', f('description')],
    ['状态', f('status')],
    ['基金来源', f('fundSource')],
    ['帮扶金额（元）', yuan('amountGrantedFen')],
    ['发放日期', f('grantDate')],
    ['跟进日期', f('followUpDate')],
    ['办结日期', f('closedDate')],
    ['不予帮扶原因', f('declineReason')],
    ['位置', place],
  ],
  needStep: [
    ['日期', f('date')],
    ['服务对象', personName],
    ['所属社区', unit('communityId')],
    ['原状态', f('from')],
    ['新状态', f('to')],
    ['经办人', f('byName')],
    ['基金来源', f('fundSource')],
    ['金额（元）', yuan('amountFen')],
    ['说明', f('note')],
  ],
  activity: [
    ['活动日期', f('date')],
    ['服务队', (r, c) => c.org.teams.get(String(r['teamId']))?.name ?? s(r['teamId'])],
    ['所属单位', unit('unitId')],
    ['活动主题', f('theme')],
    ['暖心服务类型', f('warmServiceKind')],
    ['活动名称', f('title')],
    ['地点', f('place')],
    ['参与退役军人（人次）', f('volunteerCount')],
    ['服务时长（小时）', f('hours')],
    ['服务群众（人次）', f('peopleServed')],
    ['位置', place],
  ],
};

export function exportTable(
  kind: ExportKind,
  rows: readonly Row[],
  ctx: ExportContext,
): { header: string[]; rows: Cell[][] } {
  const cols = COLUMNS[kind];
  return { header: cols.map((c) => c[0]), rows: rows.map((r) => cols.map((c) => c[1](r, ctx))) };
}
