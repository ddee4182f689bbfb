import { DEFAULT_TRIGGERS } from './vocab.ts';

/**
 * The three-level service system (district → street → community) and the volunteer teams.
 * The tree is data: a deployment loads its own (admin CLI or screen); the Pingshan tree below is the demo default.
 */
export const LEVELS = ['district', 'street', 'community'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { district: '区', street: '街道', community: '社区' };

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly level: Level;
  readonly parentId: string | null;
}

export interface Team {
  readonly id: string;
  readonly name: string;
  /** The org unit the team belongs to: its activities count there. */
  readonly unitId: string;
}

export interface OrgTree {
  readonly units: readonly OrgUnit[];
  readonly teams: readonly Team[];
  /**
   * The district's 六必访 trigger labels (docs/domain.md: configuration). Absent = DEFAULT_TRIGGERS: trees stored,
   * cached or sent before the setting existed stay valid, and an unconfigured district follows the default.
   * When present it satisfies `visitTriggersError` (the org tree schema and the server check it).
   */
  readonly visitTriggers?: readonly string[] | undefined;
  /**
   * Days a resolved conflict record stays live before the server archives it (SPEC.md P15). Absent = the
   * default. Unlike the trigger list, a tree saved without it keeps the stored value (admin/org.ts): an old
   * export or a `triggers set` must not shorten what the district chose.
   */
  readonly conflictRetentionDays?: number | undefined;
}

export const DEFAULT_CONFLICT_RETENTION_DAYS = 180;
export const MIN_CONFLICT_RETENTION_DAYS = 7;
export const MAX_CONFLICT_RETENTION_DAYS = 3650;

/** The retention in force: the stored value when valid, else the default. */
export function conflictRetentionOf(tree: Pick<OrgTree, 'conflictRetentionDays'>): number {
  const days: unknown = tree.conflictRetentionDays;
  return typeof days === 'number' && conflictRetentionError(days) === null
    ? days
    : DEFAULT_CONFLICT_RETENTION_DAYS;
}

/** Why a retention is not acceptable, in Chinese, or null: a whole number of days, 7–3650. */
export function conflictRetentionError(days: number): string | null {
  if (!Number.isInteger(days)) return '冲突记录保留天数必须是整数';
  if (days < MIN_CONFLICT_RETENTION_DAYS || days > MAX_CONFLICT_RETENTION_DAYS) {
    return `冲突记录保留天数应在 ${MIN_CONFLICT_RETENTION_DAYS}–${MAX_CONFLICT_RETENTION_DAYS} 天之间`;
  }
  return null;
}

/** A visit's `trigger` is `text(40)` (records/visit.ts); a phone's select stays usable with a dozen. */
export const MAX_TRIGGER_LENGTH = 40;
export const MAX_TRIGGERS = 12;

/**
 * The trigger list a device or server should use. Tolerant of a cached tree of any age or shape (the device
 * cache is read without a schema, stores/org.ts): anything but a valid list means the default.
 */
export function visitTriggersOf(tree: Pick<OrgTree, 'visitTriggers'>): readonly string[] {
  const list: unknown = tree.visitTriggers;
  if (!Array.isArray(list)) return DEFAULT_TRIGGERS;
  const labels = list.filter((x): x is string => typeof x === 'string');
  return labels.length === list.length && visitTriggersError(labels) === null ? labels : DEFAULT_TRIGGERS;
}

/**
 * Why a trigger list is not acceptable, in Chinese, or null: 1–12 labels, each non-empty, at most 40
 * characters, no surrounding spaces (callers trim), no label twice.
 */
export function visitTriggersError(list: readonly string[]): string | null {
  if (list.length === 0) return '六必访情形至少要有一项';
  if (list.length > MAX_TRIGGERS) return `六必访情形最多${MAX_TRIGGERS}项`;
  const seen = new Set<string>();
  for (const [i, label] of list.entries()) {
    if (label.trim() === '') return `第${i + 1}项六必访情形为空`;
    if (label !== label.trim()) return `六必访情形“${label.trim()}”前后不能有空格`;
    if (label.length > MAX_TRIGGER_LENGTH) return `六必访情形“${label}”超过${MAX_TRIGGER_LENGTH}个字`;
    if (seen.has(label)) return `六必访情形“${label}”重复`;
    seen.add(label);
  }
  return null;
}

export class OrgIndex {
  readonly byId: ReadonlyMap<string, OrgUnit>;
  readonly children: ReadonlyMap<string, readonly OrgUnit[]>;
  readonly teams: ReadonlyMap<string, Team>;

  constructor(readonly tree: OrgTree) {
    this.byId = new Map(tree.units.map((u) => [u.id, u]));
    const children = new Map<string, OrgUnit[]>();
    for (const u of tree.units) {
      if (u.parentId === null) continue;
      const list = children.get(u.parentId) ?? [];
      list.push(u);
      children.set(u.parentId, list);
    }
    this.children = children;
    this.teams = new Map(tree.teams.map((t) => [t.id, t]));
  }

  get root(): OrgUnit | undefined {
    return this.tree.units.find((u) => u.parentId === null);
  }

  /** The unit and its ancestors, nearest first. */
  ancestors(id: string): OrgUnit[] {
    const out: OrgUnit[] = [];
    let cur = this.byId.get(id);
    while (cur) {
      out.push(cur);
      cur = cur.parentId === null ? undefined : this.byId.get(cur.parentId);
    }
    return out;
  }

  /** True when `unitId` is `areaId` or lies below it. */
  isWithin(unitId: string, areaId: string): boolean {
    return this.ancestors(unitId).some((u) => u.id === areaId);
  }

  /**
   * The unit and every unit below it, parent before children ([] for a unit not in the tree): a unit's area
   * (SPEC.md S1–S2), the units a report covers, the units the device reads for an offline report. The one
   * place the subtree is computed, on the device and on the server.
   */
  subtree(unitId: string): string[] {
    if (!this.byId.has(unitId)) return [];
    const out: string[] = [];
    const walk = (id: string): void => {
      out.push(id);
      for (const c of this.children.get(id) ?? []) walk(c.id);
    };
    walk(unitId);
    return out;
  }

  /** Ids of the communities at or below a unit. */
  communitiesOf(areaId: string): string[] {
    return this.subtree(areaId).filter((id) => this.byId.get(id)?.level === 'community');
  }

  streetOf(unitId: string): OrgUnit | undefined {
    return this.ancestors(unitId).find((u) => u.level === 'street');
  }
}

const STREETS: readonly (readonly [string, readonly string[]])[] = [
  ['坪山街道', ['六联', '六和', '坪山', '和平']],
  ['马峦街道', ['坪环', '江岭', '马峦', '沙坣']],
  ['碧岭街道', ['碧岭', '汤坑', '沙湖']],
  ['石井街道', ['金龟', '石井', '田头', '田心']],
  ['坑梓街道', ['坑梓', '秀新', '金沙', '沙田']],
  ['龙田街道', ['龙田', '南布', '竹坑', '老坑']],
];

/**
 * 坪山区 with its 6 streets and 23 communities (docs/domain.md). Ids follow the 12-digit statistical-code layout
 * (440310 + street 3 digits + community 3 digits), numbered in the bureau's order; a deployment replaces the
 * tree with its own codes by import.
 */
export function pingshanTree(): OrgTree {
  const district: OrgUnit = { id: '440310000000', name: '坪山区', level: 'district', parentId: null };
  const units: OrgUnit[] = [district];
  const teams: Team[] = [{ id: 'team-440310000000', name: '坪山区红星志愿服务队', unitId: district.id }];
  STREETS.forEach(([streetName, communities], i) => {
    const sid = `440310${String(i + 1).padStart(3, '0')}000`;
    units.push({ id: sid, name: streetName, level: 'street', parentId: district.id });
    teams.push({ id: `team-${sid}`, name: `${streetName}红星志愿服务队`, unitId: sid });
    communities.forEach((c, j) => {
      const cid = `${sid.slice(0, 9)}${String(j + 1).padStart(3, '0')}`;
      units.push({ id: cid, name: `${c}社区`, level: 'community', parentId: sid });
      // 13 community teams in 2023: the first two or three communities of each street have one.
      if (j < (i < 1 ? 3 : 2)) teams.push({ id: `team-${cid}`, name: `${c}社区红星志愿服务队`, unitId: cid });
    });
  });
  return { units, teams };
}
