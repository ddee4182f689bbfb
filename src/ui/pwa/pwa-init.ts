import { onLocalWrite } from '../../db/local-writes.ts';
import { getDb } from '../../stores/db.ts';
import { sessionStore } from '../../stores/session.ts';
import { requestPersistence } from './persistence.ts';
import { registerServiceWorker } from './register.ts';
import { watchStorage } from './storage-health.ts';

let started = false;

function ask(): void {
  void requestPersistence();
}

/**
 * Starts the app-level PWA duties once per page, whichever screen mounts ReloadPrompt first: service worker
 * registration, IndexedDB health watching, and the persistent-storage request after login or the first write.
 */
export function initPwa(): void {
  if (started) return;
  started = true;
  void registerServiceWorker();
  watchStorage(getDb());

  if (sessionStore.getState().status === 'signed-in') {
    ask();
  } else {
    const unsubscribe = sessionStore.subscribe((s) => {
      if (s.status !== 'signed-in') return;
      unsubscribe();
      ask();
    });
  }
  const off = onLocalWrite(() => {
    off();
    ask();
  });
}
