/**
 * Persistent storage: without it the browser may evict IndexedDB (records, outbox, drafts) under storage
 * pressure. Requested once per page life after the first login or the first local write (pwa-init.ts), when
 * the worker has shown engagement — Chromium grants it silently to installed or engaged sites; Safari and
 * Firefox may ask or refuse. Settings shows the result via `getStorageInfo()`.
 */
export interface StorageInfo {
  /** null: the browser has no StorageManager (the answer is unknown, not "no"). */
  readonly persisted: boolean | null;
  /** Bytes used and available to this origin, as the browser estimates them. */
  readonly usage: number | null;
  readonly quota: number | null;
}

let request: Promise<boolean | null> | null = null;

/** `navigator.storage.persist()`, asked at most once per page life. Never rejects. */
export function requestPersistence(): Promise<boolean | null> {
  request ??= (async () => {
    if (!navigator.storage?.persist) return null;
    try {
      if (await navigator.storage.persisted()) return true;
      return await navigator.storage.persist();
    } catch {
      return null;
    }
  })();
  return request;
}

export async function getStorageInfo(): Promise<StorageInfo> {
  const storage = navigator.storage as StorageManager | undefined;
  let persisted: boolean | null = null;
  let usage: number | null = null;
  let quota: number | null = null;
  try {
    if (storage?.persisted) persisted = await storage.persisted();
    if (storage?.estimate) {
      const e = await storage.estimate();
      usage = e.usage ?? null;
      quota = e.quota ?? null;
    }
  } catch {
    // Unknown stays null.
  }
  return { persisted, usage, quota };
}
