import { flushDrafts } from './before-update.ts';
import { setUpdateState, updateStore } from './update-state.ts';

/**
 * Service worker registration, prompt style (vite.config.ts: registerType 'prompt', injectRegister false — this
 * module is the registration), on the plain ServiceWorkerContainer API. workbox-window did the same in 2.2 KB
 * gzip fetched before the login screen was idle; the three events it gave us are a few lines here (issue 9: the
 * first screen's budget is what the browser fetches). Registration waits for the window `load` event, as
 * workbox-window did, so it never competes with the first screen's own requests.
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

let registration: ServiceWorkerRegistration | null = null;
let registering: Promise<void> | null = null;
let accepted = false;

/** Idempotent: main.tsx and ReloadPrompt may both call it; one registration per page. */
export function registerServiceWorker(): Promise<void> {
  registering ??= register();
  return registering;
}

function afterLoad(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
}

/** A newer version installed and is waiting (an active worker exists, so it did not take over by itself). */
function onWaiting(): void {
  if (updateStore.getState().kind !== 'updating') setUpdateState({ kind: 'available' });
}

function watchInstalling(reg: ServiceWorkerRegistration, worker: ServiceWorker): void {
  worker.addEventListener('statechange', () => {
    if (worker.state === 'installed' && reg.active && reg.waiting === worker) onWaiting();
  });
}

async function register(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  document.documentElement.dataset.build = BUILD_ID;
  const container = navigator.serviceWorker;
  const hadController = container.controller !== null;

  container.addEventListener('controllerchange', () => {
    if (accepted) {
      window.location.reload();
    } else if (hadController) {
      // Another tab accepted the update. Precached files of the old version are gone, so this page must
      // reload before it lazily loads a screen; ask, because the worker may be typing.
      setUpdateState({ kind: 'reload-needed' });
    }
    // Without an earlier controller this is the first install claiming the page (src/sw.ts): nothing to do.
  });

  await afterLoad();
  let reg: ServiceWorkerRegistration;
  try {
    reg = await container.register(SW_URL, { scope: '/' });
  } catch (e) {
    // No service worker (private mode, unsupported scheme): the app still runs online.
    console.warn('service worker registration failed', e);
    return;
  }
  registration = reg;
  // Found now or already waiting before this page loaded.
  if (reg.waiting && reg.active) onWaiting();
  if (reg.installing) watchInstalling(reg, reg.installing);
  reg.addEventListener('updatefound', () => {
    if (reg.installing) watchInstalling(reg, reg.installing);
  });

  setInterval(() => void checkForUpdate(), UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void checkForUpdate();
  });
}

/** Asks the server for a new sw.js; a changed one installs and then waits (→ 'available'). Never rejects. */
export async function checkForUpdate(): Promise<void> {
  if (!registration || !navigator.onLine) return;
  try {
    await registration.update();
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
  const reg = registration;
  if (!reg) return;
  setUpdateState({ kind: 'updating' });
  await flushDrafts();
  accepted = true;
  // The message shape is the contract with src/sw.ts.
  reg.waiting?.postMessage({ type: 'SKIP_WAITING' });
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
