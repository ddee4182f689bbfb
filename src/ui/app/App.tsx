import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { sessionStore } from '../../stores/session.ts';
import { useStore } from '../../stores/use-store.ts';
import { findRoute, type RouteDef } from '../routes.tsx';
import type { TabId } from './screen.ts';
import { LoginScreen } from '../login/LoginScreen.tsx';
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
 * The app shell: header with the sync badge, the current screen, the bottom tab bar, and the update prompt.
 * Signed out, only the login screen shows (a cached session counts as signed in, also offline).
 */
export function App() {
  const session = useStore(sessionStore, (s) => s);
  const location = useStore(locationStore, (l) => l);

  if (session.status === 'unknown') {
    return (
      <main id="main" class="screen">
        <p class="loading" role="status">
          正在打开…
        </p>
      </main>
    );
  }
  if (session.status === 'signed-out') {
    return (
      <>
        <LoginScreen error={session.error} holder={session.holder ?? null} />
        <ReloadPromptSlot />
      </>
    );
  }

  if (session.session.mustChangePassword === true) {
    return (
      <main id="main" class="screen">
        <LazyScreen route={FORCED_CHANGE} params={{}} query={location.query} />
      </main>
    );
  }

  const found = findRoute(location.path);
  const role = session.session.user.role;
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
      <ReloadPromptSlot />
    </div>
  );
}

/**
 * Slot of the update prompt, owned by the PWA engineer (src/ui/pwa/ReloadPrompt.tsx). Loaded lazily and only
 * if the file exists: import.meta.glob resolves to {} without it.
 */
const prompts = import.meta.glob<{ ReloadPrompt?: ComponentType; default?: ComponentType }>(
  '../pwa/ReloadPrompt.tsx',
);

function ReloadPromptSlot() {
  const [Prompt, setPrompt] = useState<ComponentType | null>(null);
  useEffect(() => {
    const load = async () => {
      const importer = Object.values(prompts)[0];
      if (!importer) return;
      const m = await importer();
      const C = m.ReloadPrompt ?? m.default;
      if (C) setPrompt(() => C);
    };
    load().catch(() => undefined);
  }, []);
  return Prompt ? <Prompt /> : null;
}
