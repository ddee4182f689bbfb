import { render } from 'preact';
import { App } from './ui/app/App.tsx';
import { startRouter } from './ui/app/router.ts';
import { restoreSession, sessionStore } from './stores/session.ts';
import { connectEngine } from './stores/sync-status.ts';
import { loadSyncEngine, type SyncEngineLike } from './stores/sync-api.ts';
import './ui/styles.css';

startRouter();
void restoreSession();

const root = document.getElementById('app');
if (root) render(<App />, root);

/**
 * The sync engine loads after the first paint (it brings the protocol schemas) and runs only while signed in.
 */
let engine: Promise<SyncEngineLike> | null = null;
function followSession(): void {
  const status = sessionStore.getState().status;
  if (status === 'signed-in' && !engine) {
    engine = loadSyncEngine().then((e) => {
      connectEngine(e);
      e.start();
      return e;
    });
  } else if (status === 'signed-out' && engine) {
    const stopping = engine;
    engine = null;
    void stopping.then((e) => e.stop());
  }
}
sessionStore.subscribe(followSession);

// Service worker registration and the update prompt start when the shell mounts src/ui/pwa/ReloadPrompt.tsx.
