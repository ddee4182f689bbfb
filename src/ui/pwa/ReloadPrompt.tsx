import { useEffect } from 'preact/hooks';
import { useStore } from '../../stores/use-store.ts';
import { initPwa } from './pwa-init.ts';
import { applyUpdate, dismissUpdate, reloadOntoNewVersion } from './register.ts';
import { StorageBanner } from './StorageBanner.tsx';
import { updateStore } from './update-state.ts';

/**
 * The app-level PWA layer the shell renders once (App.tsx loads this file lazily): the update prompt
 * (新版本可用 · 更新 / 稍后) and the IndexedDB banner. Mounting it starts registration (pwa-init.ts).
 */
export function ReloadPrompt() {
  useEffect(() => initPwa(), []);
  const update = useStore(updateStore, (s) => s.kind);
  return (
    <>
      <StorageBanner />
      {update === 'available' || update === 'updating' ? (
        <div role="region" aria-label="应用更新" class="pwa-toast" style={TOAST}>
          <p style={TEXT} role="status">
            {update === 'updating' ? '正在更新，已填写的内容已保存…' : '新版本可用'}
          </p>
          <button
            type="button"
            style={PRIMARY}
            disabled={update === 'updating'}
            onClick={() => void applyUpdate()}
          >
            更新
          </button>
          <button type="button" style={SECONDARY} disabled={update === 'updating'} onClick={dismissUpdate}>
            稍后
          </button>
        </div>
      ) : update === 'reload-needed' ? (
        <div role="region" aria-label="应用更新" class="pwa-toast" style={TOAST}>
          <p style={TEXT} role="status">
            新版本已在其他窗口启用，请刷新
          </p>
          <button type="button" style={PRIMARY} onClick={() => void reloadOntoNewVersion()}>
            刷新
          </button>
        </div>
      ) : null}
    </>
  );
}

export default ReloadPrompt;

// Inline styles: this layer must look right whatever the app's stylesheet does, and stays out of the first
// screen's CSS. Colours meet WCAG AA (white on #b71c1c is 6.6:1).
const TOAST = {
  position: 'fixed',
  left: '8px',
  right: '8px',
  bottom: 'calc(72px + env(safe-area-inset-bottom, 0px))',
  zIndex: 1000,
  display: 'flex',
  alignItems: 'center',
  gap: '8px',
  padding: '10px 12px',
  borderRadius: '10px',
  background: '#b71c1c',
  color: '#ffffff',
  boxShadow: '0 4px 16px rgba(0,0,0,0.3)',
} as const;
const TEXT = { flex: '1', margin: 0, fontSize: '16px' } as const;
const BUTTON = {
  minHeight: '44px',
  minWidth: '64px',
  padding: '0 12px',
  borderRadius: '8px',
  fontSize: '16px',
  cursor: 'pointer',
} as const;
const PRIMARY = {
  ...BUTTON,
  background: '#ffffff',
  color: '#b71c1c',
  border: 'none',
  fontWeight: 'bold',
} as const;
const SECONDARY = {
  ...BUTTON,
  background: 'transparent',
  color: '#ffffff',
  border: '1px solid #ffffff',
} as const;
