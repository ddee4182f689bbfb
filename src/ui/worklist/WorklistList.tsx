import { useEffect } from 'preact/hooks';
import { WORKLIST_KIND_LABELS } from '../../model/worklist.ts';
import type { WorklistEntry } from '../../stores/worklist.ts';
import { Link } from '../app/Link.tsx';
import { useVirtualizer } from '../app/use-virtualizer.ts';

/** Fixed row height (the list is virtualized): name line, up to three lines of reason, the action buttons. */
const ROW_HEIGHT = 156;

/**
 * The items of the must-visit list, virtualized: a district admin's list can hold thousands of items, and
 * only the rows in view are in the DOM. Tapping an item opens the person; its buttons go straight to the
 * visit form (and, for a need, to the need).
 */
export function WorklistList({ items }: { items: readonly WorklistEntry[] }) {
  const {
    scrollRef,
    items: rows,
    totalSize,
  } = useVirtualizer({ count: items.length, rowHeight: ROW_HEIGHT });
  // A new filter starts at the top of its items.
  useEffect(() => {
    scrollRef.current?.scrollTo?.(0, 0);
  }, [items, scrollRef]);
  return (
    <div ref={scrollRef} class="vlist" tabIndex={0} role="region" aria-label="待访对象列表">
      <ul class="vlist-inner" style={{ height: `${totalSize}px` }}>
        {rows.map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <li
              key={item.key}
              class="vlist-row wl-row"
              style={{ top: `${row.start}px`, height: `${ROW_HEIGHT}px` }}
              aria-posinset={row.index + 1}
              aria-setsize={items.length}
            >
              <Link href={`/persons/${item.personId}`} class="wl-main">
                <span class="wl-head">
                  <strong>{item.personName}</strong>
                  <span class="muted small">{item.communityName}</span>
                  <span class="wl-kind">{WORKLIST_KIND_LABELS[item.kind]}</span>
                </span>
                <span class="row-sub wl-reason">{item.reason}</span>
              </Link>
              <span class="wl-actions">
                <Link
                  class="btn btn-primary"
                  href={`/persons/${item.personId}/visit/new?from=worklist`}
                  aria-label={`记录走访：${item.personName}`}
                >
                  记录走访
                </Link>
                {item.needId !== null && (
                  <Link
                    class="btn"
                    href={`/needs/${item.needId}`}
                    aria-label={`查看困难需求：${item.personName}`}
                  >
                    查看困难需求
                  </Link>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
