/**
 * The one hook between the update prompt and open forms: before the new version takes over (and the page
 * reloads), every open form gets a chance to write its draft to IndexedDB.
 *
 * Contract for forms: `onBeforeAppUpdate(() => saveDraftNow())` in an effect, returning its unsubscribe. The
 * handler's promise is awaited up to FLUSH_TIMEOUT_MS; a handler that hangs cannot hold the update hostage, but
 * since drafts are also autosaved as the worker types, the flush only closes the last debounce window.
 *
 * Transport: a window CustomEvent, so code that cannot import this module (or a test) can take part too:
 *   window.addEventListener(FLUSH_DRAFTS_EVENT, (e) => e.detail.waitUntil(promise))
 */
export const FLUSH_DRAFTS_EVENT = 'zoufang:flush-drafts';
export const FLUSH_TIMEOUT_MS = 2000;

export interface FlushDraftsDetail {
  /** Hands the updater a promise to wait for before reloading. */
  waitUntil(promise: Promise<unknown>): void;
}

export function onBeforeAppUpdate(handler: () => Promise<unknown> | void): () => void {
  const listener = (event: Event) => {
    const detail = (event as CustomEvent<FlushDraftsDetail>).detail;
    const result = handler();
    if (result) detail.waitUntil(result);
  };
  window.addEventListener(FLUSH_DRAFTS_EVENT, listener);
  return () => window.removeEventListener(FLUSH_DRAFTS_EVENT, listener);
}

/**
 * Asks every listener to flush and waits for all of them, at most `timeoutMs`. Never rejects: a failed flush
 * leaves the draft as last autosaved, which is still on the device.
 */
export async function flushDrafts(timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const detail: FlushDraftsDetail = { waitUntil: (p) => pending.push(p) };
  window.dispatchEvent(new CustomEvent<FlushDraftsDetail>(FLUSH_DRAFTS_EVENT, { detail }));
  if (pending.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.allSettled(pending), timeout]);
  clearTimeout(timer);
}
