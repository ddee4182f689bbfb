import { useEffect, useState } from 'preact/hooks';
import { loadVisitTriggers } from '../../stores/org.ts';

/**
 * The 走访情形 options: the district's 六必访 list as this device cached it (offline too), plus `current` when
 * it is not in the list — a draft begun under a label since removed keeps showing (and saving) what was
 * chosen rather than a blank select. Null while the cached tree is being read.
 */
export function useVisitTriggers(current: string): readonly string[] | null {
  const [triggers, setTriggers] = useState<readonly string[] | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const list = await loadVisitTriggers();
      if (live) setTriggers(list);
    })();
    return () => {
      live = false;
    };
  }, []);
  if (triggers === null) return null;
  return current === '' || triggers.includes(current) ? triggers : [...triggers, current];
}
