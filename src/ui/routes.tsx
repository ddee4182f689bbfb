import { ADMIN_ROLES, STAFF_ROLES } from '../model/roles.ts';
import type { Role } from '../model/vocab.ts';
import { HomeScreen } from './home/HomeScreen.tsx';
import { matchPath } from './app/router.ts';
import type { ScreenModule, TabId } from './app/screen.ts';

/**
 * The route table. Every screen but home is a lazy chunk: the first screen's JS must stay ≤ 50 KB gzip, and
 * forms bring zod. To add a screen, add ONE line here (and, for a nav entry, one line in NAV_LINKS, ui/nav.ts).
 * Screens never import this module (their props types are in app/screen.ts): it imports them.
 *
 * `tab` says which bottom tab is highlighted; `roles` limits who may open it (others see 无权访问).
 */
export interface RouteDef {
  readonly path: string;
  readonly title: string;
  readonly tab: TabId;
  readonly load: () => Promise<ScreenModule>;
  readonly roles?: readonly Role[];
}

const home = (): Promise<ScreenModule> => Promise.resolve({ default: HomeScreen });

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
    path: '/records/:kind/:id',
    title: '记录详情',
    tab: 'records',
    load: () => import('./records/RecordScreen.tsx'),
  },
  {
    path: '/records/:kind/:id/edit',
    title: '修改记录',
    tab: 'records',
    load: () => import('./records/RecordEditScreen.tsx'),
  },
  {
    path: '/conflicts',
    title: '编辑冲突',
    tab: 'records',
    load: () => import('./conflicts/ConflictsScreen.tsx'),
    roles: STAFF_ROLES,
  },
  { path: '/sync', title: '同步', tab: 'me', load: () => import('./sync/SyncScreen.tsx') },
  { path: '/settings', title: '我的', tab: 'me', load: () => import('./settings/SettingsScreen.tsx') },
  {
    path: '/admin/users',
    title: '用户管理',
    tab: 'me',
    load: () => import('./admin/users/UsersScreen.tsx'),
    roles: ADMIN_ROLES,
  },
  {
    path: '/admin/org',
    title: '组织架构',
    tab: 'me',
    load: () => import('./admin/org/OrgScreen.tsx'),
    roles: ADMIN_ROLES,
  },
  // Screens of other engineers — add one line each, e.g.:
  { path: '/worklist', title: '待访清单', tab: 'home', load: () => import('./worklist/WorklistScreen.tsx') },
  {
    path: '/reports',
    title: '报表',
    tab: 'me',
    load: () => import('./reports/ReportsScreen.tsx'),
    roles: STAFF_ROLES,
  },
  {
    path: '/admin/import',
    title: '导入',
    tab: 'me',
    load: () => import('./admin/import/ImportScreen.tsx'),
    roles: ADMIN_ROLES,
  },
  {
    path: '/admin/audit',
    title: '审计日志',
    tab: 'me',
    load: () => import('./admin/audit/AuditScreen.tsx'),
    roles: ADMIN_ROLES,
  },
  {
    path: '/admin/export',
    title: '导出数据',
    tab: 'me',
    load: () => import('./admin/export/ExportScreen.tsx'),
  },
];

export function findRoute(path: string): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}
