import { fenToYuan } from '../../model/money.ts';

/**
 * Record fields by the label their form gives them, for people: the record screen, its revisions and the
 * conflict screen name a field only this way, never by its key. A field without a label here (bookkeeping such
 * as `updatedAt`) is not shown to people.
 */
export const FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  person: {
    name: '姓名',
    idNumber: '身份证号',
    sex: '性别',
    mobile: '手机号',
    address: '住址',
    communityId: '所属社区',
    categories: '人员类别',
    priorityFlags: '重点优抚标识',
    contactTier: '联系等级',
    status: '状态',
    receivedDate: '接收日期',
    householdNotes: '家庭情况备注',
  },
  visit: {
    date: '走访日期',
    visitors: '走访人员',
    campaign: '走访类型',
    trigger: '走访情形',
    method: '走访方式',
    situation: '基本情况',
    needsRaised: '诉求/困难',
    actionTaken: '处理情况',
    followUpDate: '回访日期',
    gps: '位置',
    voidedAt: '作废时间',
    voidReason: '作废原因',
  },
  condolence: {
    unitName: '慰问单位',
    communityId: '所属社区',
    occasion: '慰问事由',
    level: '慰问层级',
    cashFen: '慰问金（元）',
    goods: '慰问物资',
    goodsValueFen: '物资价值（元）',
    fundsSource: '资金来源',
    date: '慰问日期',
    visitors: '慰问人员',
    notes: '备注',
    voidedAt: '作废时间',
    voidReason: '作废原因',
  },
  activity: {
    teamId: '服务队',
    theme: '活动主题',
    warmServiceKind: '暖心服务类型',
    title: '活动名称',
    date: '活动日期',
    place: '活动地点',
    volunteerCount: '参与退役军人志愿者人数',
    hours: '服务时长（小时）',
    peopleServed: '服务人次',
    notes: '备注',
    voidedAt: '作废时间',
    voidReason: '作废原因',
  },
  need: {
    category: '困难类别',
    urgency: '紧急程度',
    description: '困难描述',
    followUpDate: '跟进日期',
    status: '帮扶状态',
    fundSource: '资金来源',
    amountGrantedFen: '帮扶金额（元）',
    grantDate: '发放日期',
    declineReason: '不予帮扶原因',
    closedDate: '办结日期',
  },
};

/** The label of a field, or null when people are not shown it. */
export function fieldLabel(kind: string, field: string): string | null {
  return FIELD_LABELS[kind]?.[field] ?? null;
}

/** A field's value as people read it: money in yuan, lists joined, empty as 未填写. */
export function fieldText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '未填写';
  if (field.endsWith('Fen') && typeof value === 'number') return fenToYuan(value);
  if (Array.isArray(value)) return value.length === 0 ? '未填写' : value.map(String).join('、');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o['lat'] === 'number' && typeof o['lng'] === 'number') return `${o['lat']}, ${o['lng']}`;
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}
