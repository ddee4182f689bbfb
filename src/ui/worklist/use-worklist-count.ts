import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../model/vocab.ts';
import type { WorklistState } from '../../stores/worklist.ts';

/**
 * How many items the must-visit list holds, for the home screen's 待访清单 button; null until known.
 *
 * Important: the home screen is in the first-screen bundle (≤ 50 KB gzip), so the worklist store and the
 * model's computation are reached only through `import()` here — never import them statically.
 *
 * Cost: the computation reads every person, visit, need and condolence on the device. A community's or a
 * street's device is cheap, so home starts it; a district admin's device may hold 20,000 persons and 50,000
 * visits, so home shows the admin's count only once the admin has opened the list (which starts it).
 */
export function useWorklistCount(role: Role | null): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (role === null) return undefined;
    let live = true;
    let off: (() => void) | null = null;
    const show = (s: WorklistState) => setCount(s.status === 'ready' ? s.items.length : null);
    const attach = async (): Promise<void> => {
      try {
        const m = await import('../../stores/worklist.ts');
        if (!live) return;
        // After the home screen's own figures: on a full device the first computation reads every record on
        // the main thread (seconds on a slow phone), so it waits for an idle moment instead of racing them.
        if (role !== 'district_admin') await whenIdle();
        if (!live) return;
        if (role !== 'district_admin') m.startWorklist();
        off = m.worklistStore.subscribe(show);
        show(m.worklistStore.getState());
      } catch {
        // The chunk is not on this device yet (offline before the service worker cached it): no count.
      }
    };
    void attach();
    return () => {
      live = false;
      off?.();
    };
  }, [role]);
  return count;
}

/** Resolves at the browser's next idle period (at most 1 s away); WebKit has no requestIdleCallback. */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 200);
  });
}
