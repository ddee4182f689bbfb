import type { Workbox } from 'workbox-window';
import { flushDrafts } from './before-update.ts';
import { setUpdateState, updateStore } from './update-state.ts';

/**
 * Service worker registration through workbox-window, prompt style (vite.config.ts: registerType 'prompt',
 * injectRegister false — this module is the registration).
 *
 * workbox-window is imported lazily: the first screen does not need it, and it keeps the entry chunk small
 * (`npm run bench` measures that). Registration itself waits for the window `load` event (Workbox default).
 *
 * Updates never drop anything: the outbox, the records and the drafts live in IndexedDB, which a new worker does
 * not touch; before the new worker takes over, open forms flush their drafts (before-update.ts); the page
 * reloads only once the new worker controls it.
 */

const SW_URL = '/sw.js';
/**
 * Which build this page runs (env VITE_BUILD_ID at build time), shown on <html data-build>. The end-to-end
 * update test builds a second version with another id and checks that the page came back on it.
 */
export const BUILD_ID = (import.meta.env.VITE_BUILD_ID as string | undefined) ?? 'local';
/** How often an open app asks the server for a new version (also on becoming visible). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;
/** If the new worker has not taken control by then, show the prompt again instead of hanging on 更新中. */
const CONTROL_TIMEOUT_MS = 10_000;

let workbox: Workbox | null = null;
let registering: Promise<void> | null = null;
let accepted = false;

/** Idempotent: main.tsx and ReloadPrompt may both call it; one registration per page. */
export function registerServiceWorker(): Promise<void> {
  registering ??= register();
  return registering;
}

async function register(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  document.documentElement.dataset.build = BUILD_ID;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox(SW_URL, { scope: '/' });
  workbox = wb;
  const hadController = navigator.serviceWorker.controller !== null;

  // A newer version installed and is waiting: either found now or already waiting before this page loaded.
  wb.addEventListener('waiting', () => {
    if (updateStore.getState().kind !== 'updating') setUpdateState({ kind: 'available' });
  });
  wb.addEventListener('controlling', () => {
    if (accepted) {
      window.location.reload();
    } else if (hadController) {
      // Another tab accepted the update. Precached files of the old version are gone, so this page must
      // reload before it lazily loads a screen; ask, because the worker may be typing.
      setUpdateState({ kind: 'reload-needed' });
    }
    // Without an earlier controller this is the first install claiming the page (src/sw.ts): nothing to do.
  });

  try {
    await wb.register();
  } catch (e) {
    // No service worker (private mode, unsupported scheme): the app still runs online.
    console.warn('service worker registration failed', e);
    return;
  }
  setInterval(() => void checkForUpdate(), UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void checkForUpdate();
  });
}

/** Asks the server for a new sw.js; a changed one installs and then waits (→ 'available'). Never rejects. */
export async function checkForUpdate(): Promise<void> {
  if (!workbox || !navigator.onLine) return;
  try {
    await workbox.update();
  } catch {
    // Offline or server down: try again on the next trigger.
  }
}

/**
 * The worker pressed 更新: flush the open form's draft, then let the waiting worker take over; the
 * `controlling` handler above reloads the page. Important: never reload before `controlling`, or the page
 * would come back under the old worker with the update still waiting.
 */
export async function applyUpdate(): Promise<void> {
  if (!workbox) return;
  setUpdateState({ kind: 'updating' });
  await flushDrafts();
  accepted = true;
  workbox.messageSkipWaiting();
  setTimeout(() => {
    if (updateStore.getState().kind === 'updating') {
      accepted = false;
      setUpdateState({ kind: 'available' });
    }
  }, CONTROL_TIMEOUT_MS);
}

/** 刷新 after another tab updated: flush drafts, then reload onto the new version. */
export async function reloadOntoNewVersion(): Promise<void> {
  await flushDrafts();
  window.location.reload();
}

export function dismissUpdate(): void {
  setUpdateState({ kind: 'dismissed' });
}
