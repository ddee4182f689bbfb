import { createStore } from 'zustand/vanilla';

/**
 * A tiny history router: the server's SPA fallback serves index.html for every app path. The location is
 * data in a vanilla store; `navigate` pushes, `back` pops (or goes home when the stack is this app's first page).
 */
export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

function read(): Location {
  const loc = globalThis.location;
  return { path: loc?.pathname || '/', query: new URLSearchParams(loc?.search ?? '') };
}

export const locationStore = createStore<Location>(() => read());

let depth = 0;

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState({ depth }, '', to);
  else history.pushState({ depth: ++depth }, '', to);
  locationStore.setState(read(), true);
  globalThis.scrollTo?.(0, 0);
}

/** Back within the app; from the first page of the session, to `fallback`. */
export function back(fallback = '/'): void {
  if (depth > 0) {
    depth--;
    history.back();
  } else {
    navigate(fallback, { replace: true });
  }
}

export function startRouter(): () => void {
  const onPop = (e: PopStateEvent) => {
    const d = (e.state as { depth?: unknown } | null)?.depth;
    depth = typeof d === 'number' ? d : 0;
    locationStore.setState(read(), true);
  };
  addEventListener('popstate', onPop);
  // After a reload the entry keeps the depth it had: back() still knows whether there is in-app history.
  const d = (history.state as { depth?: unknown } | null)?.depth;
  depth = typeof d === 'number' ? d : 0;
  locationStore.setState(read(), true);
  return () => removeEventListener('popstate', onPop);
}

/** Matches `/persons/:id/edit` against a path: the params, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] ?? '';
    const val = s[i] ?? '';
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}
