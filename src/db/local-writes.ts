/**
 * Listeners told after each committed local write (the sync runner schedules a push; the PWA layer asks for
 * persistent storage). A module of its own so that listening does not load the repositories and their schemas:
 * the PWA layer subscribes at start-up, before any form needs zod.
 */
const writeListeners = new Set<() => void>();

export function onLocalWrite(fn: () => void): () => void {
  writeListeners.add(fn);
  return () => writeListeners.delete(fn);
}

/** Called by the repositories once a write has committed. */
export function notifyWrite(): void {
  for (const fn of writeListeners) fn();
}
