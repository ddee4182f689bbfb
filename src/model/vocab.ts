/**
 * The controlled vocabularies of docs/domain.md. Const tuples, not enums (STYLE.md habit 7): they feed zod enums,
 * select options and report keys alike.
 */
export const ROLES = ['community_worker', 'street_staff', 'district_admin', 'team_leader'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  community_worker: '社区工作者',
  street_staff: '街道工作人员',
  district_admin: '区级管理员',
  team_leader: '志愿服务队队长',
};

export const SEXES = ['男', '女'] as const;

export const PERSON_CATEGORIES = [
  '军队转业干部',
  '退役士兵',
  '离退休干部/退休士官',
  '无军籍职工',
  '复员军人',
  '红军老战士',
  '残疾军人',
  '伤残民兵民工',
  '烈士遗属',
  '因公牺牲军人遗属',
  '病故军人遗属',
  '现役军人家属',
] as const;

export const PRIORITY_FLAGS = [
  '残疾军人',
  '三属',
  '参战参试',
  '在乡老复员军人',
  '带病回乡退伍军人',
  '60周岁以上农村籍退役士兵',
  '烈士老年子女',
] as const;

export const CONTACT_TIERS = ['普遍联系', '重点联系'] as const;
export const PERSON_STATUSES = ['在册', '迁出', '去世'] as const;

export const CAMPAIGNS = ['大走访', '六必访', '常态化联系', '其他'] as const;
export type Campaign = (typeof CAMPAIGNS)[number];

/** Default 六必访 triggers. Localities word them differently: deployments may configure their own list. */
export const DEFAULT_TRIGGERS = [
  '重大节日',
  '生病住院',
  '家庭变故',
  '生活困难',
  '思想波动/矛盾纠纷',
  '退役返乡/立功受奖',
] as const;

export const VISIT_METHODS = ['入户走访', '电话', '视频或微信', '座谈会'] as const;

export const OCCASIONS = ['春节', '八一', '清明', '烈士纪念日', '生病住院', '其他'] as const;
export const GIVING_LEVELS = ['区', '街道', '社区'] as const;

export const NEED_CATEGORIES = [
  '物质援助',
  '精神抚慰',
  '医疗健康',
  '就业创业',
  '住房',
  '子女就学',
  '法律援助/矛盾纠纷',
  '其他',
] as const;
export const URGENCIES = ['一般', '较急', '紧急'] as const;
export const NEED_STATUSES = ['登记', '已转介', '已申请基金', '已帮扶', '已办结', '不予帮扶'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const FUND_SOURCES = [
  '广东省退役军人应急救助资金',
  '深圳市退役军人关爱基金',
  '坪山区退役军人关爱基金',
  '其他',
] as const;

export const ACTIVITY_THEMES = [
  '文明出行',
  '环境保护',
  '安全宣讲',
  '思想政治教育',
  '暖心服务',
  '其他',
] as const;
export const WARM_SERVICE_KINDS = ['思想疏导', '信息联络', '感情联系'] as const;
