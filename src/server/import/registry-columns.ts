/**
 * The bureau's registry spreadsheets name their columns in Chinese, and not always the same way. Each field
 * lists the headers it accepts (spaces removed before matching). 姓名, 身份证号 and 所属社区 are required.
 */
export const REGISTRY_COLUMNS = {
  name: ['姓名'],
  sex: ['性别'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证'],
  mobile: ['手机号', '手机号码', '手机', '联系电话', '电话'],
  address: ['地址', '家庭住址', '住址', '现住址', '居住地址'],
  community: ['所属社区', '社区', '社区名称', '社区代码'],
  categories: ['人员类别', '类别', '优抚对象类别'],
  priorityFlags: ['重点优抚', '重点优抚类别', '重点优抚对象'],
  contactTier: ['联系等级', '联系类别', '联系类型'],
  status: ['状态', '人员状态'],
  receivedDate: ['接收日期', '接收时间'],
  householdNotes: ['家庭情况', '备注', '家庭备注'],
} as const;
export type RegistryField = keyof typeof REGISTRY_COLUMNS;

export const REQUIRED_FIELDS: readonly RegistryField[] = ['name', 'idNumber', 'community'];

export type ColumnMap = Partial<Record<RegistryField, number>>;

/** Header → column index per field; the first matching header wins, unknown headers are ignored. */
export function mapHeader(header: readonly string[]): {
  map: ColumnMap;
  missing: string[];
  labels: string[];
} {
  const map: ColumnMap = {};
  for (const [field, names] of Object.entries(REGISTRY_COLUMNS) as [RegistryField, readonly string[]][]) {
    const i = header.findIndex((h) => names.includes(h));
    if (i >= 0) map[field] = i;
  }
  const missing = REQUIRED_FIELDS.filter((f) => map[f] === undefined).map((f) => REGISTRY_COLUMNS[f][0]);
  return { map, missing, labels: [...header] };
}
