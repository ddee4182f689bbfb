/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

/**
 * The service worker of 走访通 (injectManifest; vite-plugin-pwa fills `self.__WB_MANIFEST` at build time).
 *
 * Lifecycle, chosen on purpose:
 * - FIRST install (no active worker yet): skip waiting and claim the open page, so the very first visit already
 *   runs under the worker and a cold start with the server down works without a second online load. Nothing can
 *   be lost here: there is no older version whose page could be cut off.
 * - UPDATE (an older worker is active): wait. The page shows 新版本可用 and sends SKIP_WAITING only after the
 *   worker accepted and the open form's draft was flushed (src/ui/pwa/register.ts). The outbox and drafts live in
 *   IndexedDB, which an update never touches; only the precache changes.
 *
 * The API is never cached: the sync engine must see real failures, and records live in IndexedDB, not here.
 */

/**
 * Tag the sync engine registers with `registration.sync.register(…)`; see the `sync` handler below.
 * Not exported: this file is loaded as a classic script, so it must stay free of `export`.
 */
const BACKGROUND_SYNC_TAG = 'zoufang-sync';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any navigation (deep links included) gets the cached shell, so a cold start works with no network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

self.addEventListener('install', () => {
  // `registration.active` is null only while no version of the app has ever been activated in this profile.
  if (!self.registration.active) void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  // Take pages loaded before the worker existed (the first visit). On an update the controlled pages move to
  // the new worker by themselves; claiming again is harmless.
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/** Background Sync's event (Chromium only; not in TypeScript's lib). iOS has none: page triggers suffice. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

// The sync engine lives in the page (it owns the session and IndexedDB access); the worker only wakes it.
// Important: the message shape `{ type: 'SYNC' }` is the whole contract with src/sync. The message is a hint:
// the engine decides whether it sends (SPEC.md C7, C15), so a wake-up cannot bypass its backoff, and the page
// registers the tag only while the browser says offline, so Chromium cannot loop register → sync → fail.
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag === BACKGROUND_SYNC_TAG) sync.waitUntil(wakeClients());
});

async function wakeClients(): Promise<void> {
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // Client.postMessage has no target origin (same-origin by definition); the options form names no transfer.
  for (const client of clients) client.postMessage({ type: 'SYNC' }, { transfer: [] });
}
