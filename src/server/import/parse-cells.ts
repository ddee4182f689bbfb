import { isRealDate } from '../../model/dates.ts';
import type { OrgIndex, OrgUnit } from '../../model/org.ts';

/** Dates as registry clerks type them: 2023-03-20, 2023/3/20, 2023.3.20, 20230320, 2023年3月20日. */
export function parseDateCell(s: string): string | null {
  const t = s.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

/** Splits a multi-value cell (人员类别). `/` is not a separator: it is part of 离退休干部/退休士官. */
export function splitList(s: string): string[] {
  return s
    .split(/[、,，;；\s]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/**
 * Finds a community by its code or its name (with or without 社区). A name used by two communities of the
 * tree is ambiguous and must be given as a code.
 */
export function communityResolver(org: OrgIndex): (cell: string) => OrgUnit | 'ambiguous' | null {
  const byName = new Map<string, OrgUnit | 'ambiguous'>();
  for (const u of org.tree.units) {
    if (u.level !== 'community') continue;
    for (const key of new Set([u.name, u.name.replace(/社区$/, '')])) {
      byName.set(key, byName.has(key) ? 'ambiguous' : u);
    }
  }
  return (cell) => {
    const t = cell.trim();
    const unit = org.byId.get(t);
    if (unit) return unit.level === 'community' ? unit : null;
    return byName.get(t) ?? byName.get(t.replace(/社区$/, '')) ?? null;
  };
}

export const TIER_ALIASES: Readonly<Record<string, '普遍联系' | '重点联系'>> = {
  普遍联系: '普遍联系',
  普通: '普遍联系',
  一般: '普遍联系',
  普遍: '普遍联系',
  重点联系: '重点联系',
  重点: '重点联系',
};

export const STATUS_ALIASES: Readonly<Record<string, '在册' | '迁出' | '去世'>> = {
  在册: '在册',
  正常: '在册',
  迁出: '迁出',
  已迁出: '迁出',
  去世: '去世',
  已故: '去世',
  死亡: '去世',
  已去世: '去世',
};
