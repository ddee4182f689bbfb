/**
 * What the browser tells the sync engine besides an explicit "sync now" (SPEC.md C7): coming back online,
 * going offline, the page becoming visible again, and a Background Sync event relayed by the service worker.
 * Local writes and timers are wired by the engine itself. These are hints: the engine decides whether and when
 * to send (reachability.ts), so no trigger can make a burst of requests. Browser-quirk notes:
 * - `navigator.onLine === true` only means "some network interface is up", not "the server is reachable";
 *   `false` is reliable. So an `online` event is a hint to try, never proof.
 * - iOS Safari has no Background Sync: there `visibilitychange` (the worker unlocks the phone and opens the
 *   app) is what brings the queue to the server.
 */
export const BACKGROUND_SYNC_TAG = 'zoufang-sync';
/** `{ type: 'SYNC' }`: what src/sw.ts posts to its clients on a `sync` event with the tag above. */
export const SW_SYNC_MESSAGE = 'SYNC';

/** What happened: the network came back or went away, the app became visible, the service worker woke us. */
export type SyncTrigger = 'online' | 'offline' | 'visible' | 'background-sync';

/** Installs the triggers, calling `fire` on each; returns the uninstaller. */
export type InstallTriggers = (fire: (trigger: SyncTrigger) => void) => () => void;

export const browserTriggers: InstallTriggers = (fire) => {
  const removers: (() => void)[] = [];
  const win = (globalThis as { window?: Window }).window;
  if (win) {
    const onOnline = () => fire('online');
    const onOffline = () => fire('offline');
    win.addEventListener('online', onOnline);
    win.addEventListener('offline', onOffline);
    removers.push(() => win.removeEventListener('online', onOnline));
    removers.push(() => win.removeEventListener('offline', onOffline));
  }
  const doc = (globalThis as { document?: Document }).document;
  if (doc) {
    const onVisible = () => {
      if (doc.visibilityState === 'visible') fire('visible');
    };
    doc.addEventListener('visibilitychange', onVisible);
    removers.push(() => doc.removeEventListener('visibilitychange', onVisible));
  }
  const sw = (globalThis as { navigator?: Navigator }).navigator?.serviceWorker;
  if (sw) {
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: unknown } | null;
      if (data?.type === SW_SYNC_MESSAGE) fire('background-sync');
    };
    sw.addEventListener('message', onMessage);
    removers.push(() => sw.removeEventListener('message', onMessage));
  }
  return () => {
    for (const remove of removers) remove();
  };
};

/** `document.visibilityState !== 'hidden'`, or true where there is no document (Node). */
export function browserIsVisible(): boolean {
  const doc = (globalThis as { document?: { visibilityState?: unknown } }).document;
  return doc?.visibilityState !== 'hidden';
}

/** `navigator.onLine`, or true where there is no navigator (Node). Only `false` is trustworthy. */
export function browserIsOnline(): boolean {
  const nav = (globalThis as { navigator?: { onLine?: unknown } }).navigator;
  return typeof nav?.onLine === 'boolean' ? nav.onLine : true;
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/**
 * Asks the browser to wake the service worker when connectivity returns (Chromium only). Best effort: any
 * failure (no service worker yet, permission, iOS) is ignored — the page triggers still cover it.
 *
 * Important: call it only while the browser reports itself offline. Chromium fires the `sync` event at once
 * when it believes it is online, so registering after each failed request while the server is down makes a
 * loop (register → sync → page wakes → request fails → register …).
 */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const sw = (globalThis as { navigator?: Navigator }).navigator?.serviceWorker;
    if (!sw) return;
    const reg = (await sw.ready) as unknown as SyncRegistration;
    await reg.sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Background Sync is an optimisation; the page triggers remain.
  }
}
