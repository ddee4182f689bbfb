import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type Rect,
  type VirtualItem,
} from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

/**
 * A Preact hook around @tanstack/virtual-core for fixed-height rows in a scrolling element: only the rows in
 * view (plus overscan) are in the DOM, so a list of 20,000 persons stays light on a phone.
 *
 * Browser quirk: an element not yet laid out (or a DOM without layout, like happy-dom in tests) measures
 * 0×0; we then assume a phone-sized viewport so the first rows still render.
 */
function fallback(): Rect {
  return { width: 360, height: Math.max(480, globalThis.innerHeight || 0) };
}

export function useVirtualizer(opts: { count: number; rowHeight: number; overscan?: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const rowHeight = useRef(opts.rowHeight);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLDivElement, HTMLElement>({
        count: opts.count,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => opts.rowHeight,
        overscan: opts.overscan ?? 8,
        initialRect: fallback(),
        scrollToFn: elementScroll,
        observeElementRect: (instance, cb) =>
          observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : fallback())),
        observeElementOffset,
        onChange: () => rerender(0),
      }),
  );
  // Important: keep estimateSize stable, or every render invalidates the measurement cache.
  if (virtualizer.options.count !== opts.count || rowHeight.current !== opts.rowHeight) {
    rowHeight.current = opts.rowHeight;
    const size = opts.rowHeight;
    virtualizer.setOptions({ ...virtualizer.options, count: opts.count, estimateSize: () => size });
  }
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  const items: VirtualItem[] = virtualizer.getVirtualItems();
  return { scrollRef, items, totalSize: virtualizer.getTotalSize(), virtualizer };
}
