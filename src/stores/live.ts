import { useEffect, useState } from 'preact/hooks';
import { observeQuery } from '../db/watch.ts';

export type Live<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown };

/**
 * Subscribes to a query of src/db and re-renders whenever the tables it read change (also from other tabs
 * and from the sync engine's pulls). `deps` restart the query, as in useEffect.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): Live<T> {
  const [state, setState] = useState<Live<T>>({ status: 'loading' });
  useEffect(
    () =>
      observeQuery(query, {
        next: (value) => setState({ status: 'ready', value }),
        error: (error: unknown) => setState({ status: 'error', error }),
      }),
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- the caller names the deps
    deps,
  );
  return state;
}

/** The value of a live query, or `fallback` until it is ready. */
export function liveValue<T>(live: Live<T>, fallback: T): T {
  return live.status === 'ready' ? live.value : fallback;
}
