import type { ComponentChildren, ComponentType, VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../../stores/session-api.ts';
import { sessionStore } from '../../stores/session.ts';
import { useStore } from '../../stores/use-store.ts';
import { LoginScreen } from '../login/LoginScreen.tsx';

/**
 * The app shell. Signed out, only the login screen shows (a cached session counts as signed in, also offline);
 * signed in, the SignedIn chunk renders the header, the screens and the tab bar.
 */
export function App() {
  const session = useStore(sessionStore, (s) => s);

  if (session.status === 'unknown') return <Opening />;
  if (session.status === 'signed-out') {
    return (
      <>
        <LoginScreen error={session.error} holder={session.holder ?? null} />
        <ReloadPromptSlot />
      </>
    );
  }
  return <SignedInSlot session={session.session} />;
}

function Opening() {
  return (
    <main id="main" class="screen">
      <p class="loading" role="status">
        正在打开…
      </p>
    </main>
  );
}

type SignedInComponent = (props: { session: Session; prompt: ComponentChildren }) => VNode;
let signedIn: SignedInComponent | null = null;

/** Loads the signed-in chunk once (from the service worker's cache when offline); 正在打开… meanwhile. */
function SignedInSlot({ session }: { session: Session }) {
  const [Shell, setShell] = useState<SignedInComponent | null>(() => signedIn);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const load = async () => {
      if (Shell) return;
      try {
        const m = await import('./SignedIn.tsx');
        signedIn = m.default;
        if (live) setShell(() => m.default);
      } catch {
        if (live) setFailed(true);
      }
    };
    void load();
    return () => {
      live = false;
    };
  }, [Shell, failed]);
  if (failed) {
    return (
      <main id="main" class="screen">
        <div role="alert" class="notice notice-error">
          <p>应用尚未完整下载到本机，请连接网络后重试。</p>
          <button type="button" class="btn" onClick={() => setFailed(false)}>
            重试
          </button>
        </div>
      </main>
    );
  }
  return Shell ? <Shell session={session} prompt={<ReloadPromptSlot />} /> : <Opening />;
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
