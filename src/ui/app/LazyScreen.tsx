import { useEffect, useState } from 'preact/hooks';
import type { RouteDef } from '../routes.tsx';
import type { ScreenModule, ScreenProps } from './screen.ts';

const loaded = new Map<RouteDef['load'], ScreenModule>();

/**
 * Renders a route's lazy screen: loads its chunk once, shows 正在加载 meanwhile, and a retry when the chunk
 * cannot be fetched (offline before the service worker cached it).
 */
export function LazyScreen({ route, ...props }: ScreenProps & { route: RouteDef }) {
  const [mod, setMod] = useState<ScreenModule | null>(() => loaded.get(route.load) ?? null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const cached = loaded.get(route.load);
      if (cached) {
        setMod(cached);
        return;
      }
      setMod(null);
      setFailed(false);
      try {
        const m = await route.load();
        loaded.set(route.load, m);
        if (live) setMod(m);
      } catch {
        if (live) setFailed(true);
      }
    };
    void load();
    return () => {
      live = false;
    };
  }, [route, attempt]);

  if (failed) {
    return (
      <div role="alert" class="notice notice-error">
        <p>此页面尚未下载到本机，请连接网络后重试。</p>
        <button type="button" class="btn" onClick={() => setAttempt((n) => n + 1)}>
          重试
        </button>
      </div>
    );
  }
  if (!mod) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  const Screen = mod.default;
  return <Screen {...props} />;
}
