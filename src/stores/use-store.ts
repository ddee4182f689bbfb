import { useEffect, useReducer, useRef } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

/**
 * Reads a slice of a vanilla zustand store in a Preact component and re-renders when that slice changes.
 * zustand's own `create` pulls React (and preact/compat) in: TOOLCHAIN.md pitfall, so we keep this hook.
 */
export function useStore<S, T>(store: StoreApi<S>, selector: (state: S) => T): T {
  const [, force] = useReducer((n: number) => n + 1, 0);
  const value = selector(store.getState());
  const latest = useRef({ selector, value });
  latest.current = { selector, value };
  useEffect(() => {
    const check = (state: S) => {
      if (!Object.is(latest.current.selector(state), latest.current.value)) force(0);
    };
    const unsubscribe = store.subscribe(check);
    // The state may have changed between render and this effect.
    check(store.getState());
    return unsubscribe;
  }, [store]);
  return value;
}
