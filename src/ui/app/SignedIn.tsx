import type { ComponentChildren } from 'preact';
import type { Session } from '../../stores/session-api.ts';
import { useStore } from '../../stores/use-store.ts';
import { findRoute, type RouteDef } from '../routes.tsx';
import type { TabId } from './screen.ts';
import { SyncBadge } from '../sync/SyncBadge.tsx';
import { LazyScreen } from './LazyScreen.tsx';
import { back, locationStore } from './router.ts';
import { TabBar } from './TabBar.tsx';

const TAB_HOME: Record<TabId, string> = {
  home: '/',
  persons: '/persons',
  records: '/records',
  me: '/settings',
};
const TAB_ROOTS: ReadonlySet<string> = new Set(Object.values(TAB_HOME));

/** The only screen while an admin reset waits for the user's own password (a lazy chunk: it brings zod). */
const FORCED_CHANGE: RouteDef = {
  path: '/password',
  title: '设置新密码',
  tab: 'me',
  load: () => import('../settings/ForcedPasswordChange.tsx'),
};

/**
 * The signed-in app: header with the sync badge, the current screen, the bottom tab bar. A chunk of its own,
 * loaded by App once somebody is signed in: the route table, the sync words and the tab bar are not on the login
 * screen's budget (issue 9). `prompt` is the update prompt slot, kept by App.
 */
export default function SignedIn({ session, prompt }: { session: Session; prompt: ComponentChildren }) {
  const location = useStore(locationStore, (l) => l);
  if (session.mustChangePassword === true) {
    return (
      <main id="main" class="screen">
        <LazyScreen route={FORCED_CHANGE} params={{}} query={location.query} />
      </main>
    );
  }

  const found = findRoute(location.path);
  const role = session.user.role;
  const allowed = !found?.route.roles || found.route.roles.includes(role);
  return (
    <div class="shell">
      <header class="topbar">
        {TAB_ROOTS.has(location.path) ? (
          <span class="brand">走访通</span>
        ) : (
          // iOS standalone apps have no browser back button: every nested screen gets one here.
          <button type="button" class="back" onClick={() => back(TAB_HOME[found?.route.tab ?? 'home'])}>
            <span aria-hidden="true">‹ </span>返回
          </button>
        )}
        <span class="topbar-title">{found?.route.title ?? '未找到页面'}</span>
        <SyncBadge />
      </header>
      <main id="main" class="screen">
        {!found ? (
          <div class="notice">
            <h1>未找到页面</h1>
            <p>地址有误或该功能尚未开放。</p>
          </div>
        ) : !allowed ? (
          <div class="notice">
            <h1>无权访问</h1>
            <p>当前账号的角色不能使用此功能。</p>
          </div>
        ) : (
          <LazyScreen key={location.path} route={found.route} params={found.params} query={location.query} />
        )}
      </main>
      <TabBar active={found?.route.tab ?? 'home'} />
      {prompt}
    </div>
  );
}
