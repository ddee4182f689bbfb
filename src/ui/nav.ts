import { ADMIN_ROLES, STAFF_ROLES } from '../model/roles.ts';
import type { Role } from '../model/vocab.ts';

/**
 * Entries of the 我的 page (and 待访清单 on home), each for the roles that may open its screen. Kept apart from
 * the route table (src/ui/routes.tsx), which imports the screens, so screens can list links without importing
 * it; test/ui/shell.test.tsx checks every entry has its route, with the same roles.
 */
export interface NavLink {
  readonly href: string;
  readonly label: string;
  readonly roles?: readonly Role[];
}

/** Who records volunteer activities from the 我的 page: team leaders for their team, staff for any team. */
const ACTIVITY_ENTRY: readonly Role[] = ['team_leader', ...STAFF_ROLES];

export const NAV_LINKS: readonly NavLink[] = [
  { href: '/worklist', label: '待访清单' },
  { href: '/reports', label: '报表', roles: STAFF_ROLES },
  { href: '/conflicts', label: '编辑冲突审核', roles: STAFF_ROLES },
  { href: '/admin/import', label: '导入数据', roles: ADMIN_ROLES },
  { href: '/admin/export', label: '导出数据' },
  { href: '/admin/users', label: '用户管理', roles: ADMIN_ROLES },
  { href: '/admin/org', label: '组织架构', roles: ADMIN_ROLES },
  { href: '/admin/audit', label: '审计日志', roles: ADMIN_ROLES },
  { href: '/activities/new', label: '记录志愿服务活动', roles: ACTIVITY_ENTRY },
];

export function visibleLinks(role: Role | null): NavLink[] {
  return NAV_LINKS.filter((l) => !l.roles || (role !== null && l.roles.includes(role)));
}
