import type { ComponentType } from 'preact';
import type { Role } from '../model/vocab.ts';
import { HomeScreen } from './home/HomeScreen.tsx';
import { matchPath } from './app/router.ts';

/**
 * The route table. Every screen but home is a lazy chunk: the first screen's JS must stay ≤ 50 KB gzip, and
 * forms bring zod. To add a screen, add ONE line here (and, for a nav entry, one line in NAV_LINKS below).
 *
 * `tab` says which bottom tab is highlighted; `roles` limits who may open it (others see 无权访问).
 */
export interface ScreenProps {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}
export type ScreenModule = { default: ComponentType<ScreenProps> };
export type TabId = 'home' | 'persons' | 'records' | 'me';

export interface RouteDef {
  readonly path: string;
  readonly title: string;
  readonly tab: TabId;
  readonly load: () => Promise<ScreenModule>;
  readonly roles?: readonly Role[];
}

const home = (): Promise<ScreenModule> => Promise.resolve({ default: HomeScreen });
const STAFF: readonly Role[] = ['street_staff', 'district_admin'];

export const ROUTES: readonly RouteDef[] = [
  { path: '/', title: '首页', tab: 'home', load: home },
  {
    path: '/persons',
    title: '服务对象',
    tab: 'persons',
    load: () => import('./persons/PersonListScreen.tsx'),
  },
  {
    path: '/persons/new',
    title: '新建服务对象',
    tab: 'persons',
    load: () => import('./persons/PersonFormScreen.tsx'),
  },
  {
    path: '/persons/:id',
    title: '服务对象',
    tab: 'persons',
    load: () => import('./persons/PersonScreen.tsx'),
  },
  {
    path: '/persons/:id/edit',
    title: '编辑服务对象',
    tab: 'persons',
    load: () => import('./persons/PersonFormScreen.tsx'),
  },
  {
    path: '/persons/:id/visit/new',
    title: '记录走访',
    tab: 'persons',
    load: () => import('./visits/VisitFormScreen.tsx'),
  },
  {
    path: '/persons/:id/condolence/new',
    title: '记录慰问',
    tab: 'persons',
    load: () => import('./condolences/CondolenceFormScreen.tsx'),
  },
  {
    path: '/persons/:id/need/new',
    title: '登记困难需求',
    tab: 'persons',
    load: () => import('./needs/NeedFormScreen.tsx'),
  },
  {
    path: '/condolences/new',
    title: '单位慰问',
    tab: 'records',
    load: () => import('./condolences/CondolenceFormScreen.tsx'),
  },
  { path: '/needs/:id', title: '困难帮扶详情', tab: 'records', load: () => import('./needs/NeedScreen.tsx') },
  {
    path: '/activities/new',
    title: '记录志愿服务活动',
    tab: 'records',
    load: () => import('./activities/ActivityFormScreen.tsx'),
  },
  { path: '/records', title: '记录', tab: 'records', load: () => import('./records/RecordsScreen.tsx') },
  {
    path: '/conflicts',
    title: '编辑冲突',
    tab: 'records',
    load: () => import('./conflicts/ConflictsScreen.tsx'),
    roles: STAFF,
  },
  { path: '/sync', title: '同步', tab: 'me', load: () => import('./sync/SyncScreen.tsx') },
  { path: '/settings', title: '我的', tab: 'me', load: () => import('./settings/SettingsScreen.tsx') },
  {
    path: '/admin/users',
    title: '用户管理',
    tab: 'me',
    load: () => import('./admin/users/UsersScreen.tsx'),
    roles: ['district_admin'],
  },
  {
    path: '/admin/org',
    title: '组织架构',
    tab: 'me',
    load: () => import('./admin/org/OrgScreen.tsx'),
    roles: ['district_admin'],
  },
  // Screens of other engineers — add one line each, e.g.:
  { path: '/worklist', title: '待访清单', tab: 'home', load: () => import('./worklist/WorklistScreen.tsx') },
  {
    path: '/reports',
    title: '报表',
    tab: 'me',
    load: () => import('./reports/ReportsScreen.tsx'),
    roles: STAFF,
  },
  {
    path: '/admin/import',
    title: '导入',
    tab: 'me',
    load: () => import('./admin/import/ImportScreen.tsx'),
    roles: ['district_admin'],
  },
  {
    path: '/admin/audit',
    title: '审计日志',
    tab: 'me',
    load: () => import('./admin/audit/AuditScreen.tsx'),
    roles: ['district_admin'],
  },
  {
    path: '/admin/export',
    title: '导出数据',
    tab: 'me',
    load: () => import('./admin/export/ExportScreen.tsx'),
    roles: ['district_admin', 'street_staff', 'community_worker', 'team_leader'],
  },
];

/**
 * Entries of the 我的 page (and 待访清单 on home). An entry shows only when its route exists in ROUTES and the
 * user's role is listed, so owners can add the route line and the entry lights up.
 */
export interface NavLink {
  readonly href: string;
  readonly label: string;
  readonly roles?: readonly Role[];
}
export const NAV_LINKS: readonly NavLink[] = [
  { href: '/worklist', label: '待访清单' },
  { href: '/reports', label: '报表', roles: STAFF },
  { href: '/conflicts', label: '编辑冲突审核', roles: STAFF },
  { href: '/admin', label: '管理', roles: ['district_admin'] },
  { href: '/admin/import', label: '导入数据', roles: ['district_admin'] },
  {
    href: '/admin/export',
    label: '导出数据',
    roles: ['district_admin', 'street_staff', 'community_worker', 'team_leader'],
  },
  { href: '/admin/users', label: '用户管理', roles: ['district_admin'] },
  { href: '/admin/org', label: '组织架构', roles: ['district_admin'] },
  { href: '/admin/audit', label: '审计日志', roles: ['district_admin'] },
  {
    href: '/activities/new',
    label: '记录志愿服务活动',
    roles: ['team_leader', 'street_staff', 'district_admin'],
  },
];

export function findRoute(path: string): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

export function hasRoute(path: string): boolean {
  return ROUTES.some((r) => r.path === path);
}

export function visibleLinks(role: Role | null): NavLink[] {
  return NAV_LINKS.filter((l) => hasRoute(l.href) && (!l.roles || (role !== null && l.roles.includes(role))));
}
