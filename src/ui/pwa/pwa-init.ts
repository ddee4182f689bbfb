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
 * Storage is watched (and so the database opened) only once signed in: the login screen of a profile whose
 * database a logout deleted must not make it anew (SPEC.md D1).
 */
function signedIn(): void {
  watchStorage(getDb());
  ask();
}

/**
 * Starts the app-level PWA duties once per page, whichever screen mounts ReloadPrompt first: service worker
 * registration, IndexedDB health watching, and the persistent-storage request after login or the first write.
 */
export function initPwa(): void {
  if (started) return;
  started = true;
  void registerServiceWorker();

  if (sessionStore.getState().status === 'signed-in') {
    signedIn();
  } else if (typeof indexedDB === 'undefined') {
    // No IndexedDB at all (some private modes): say so on the login screen already; nothing is opened.
    watchStorage(getDb());
  } else {
    const unsubscribe = sessionStore.subscribe((s) => {
      if (s.status !== 'signed-in') return;
      unsubscribe();
      signedIn();
    });
  }
  const off = getDb().onLocalWrite(() => {
    off();
    ask();
  });
}
