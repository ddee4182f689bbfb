import { useEffect, useMemo, useState } from 'preact/hooks';
import { maskIdNumber } from '../../model/id-number.ts';
import { maskMobile } from '../../model/mobile.ts';
import { personsStore, startPersonIndex } from '../../stores/persons.ts';
import type { PersonRow } from '../../stores/person-index.ts';
import { useStore } from '../../stores/use-store.ts';
import { Link } from '../app/Link.tsx';
import { useVirtualizer } from '../app/use-virtualizer.ts';

const ROW_HEIGHT = 64;

/**
 * 服务对象: search-as-you-type over name and the last digits of ID number or mobile, against the in-memory
 * index (stores/persons.ts); the result list is virtualized. ID numbers and mobiles are MASKED here (PIPL);
 * the person page shows them whole only on purpose.
 */
export default function PersonListScreen() {
  useEffect(() => startPersonIndex(), []);
  const index = useStore(personsStore, (s) => s.index);
  const error = useStore(personsStore, (s) => s.error);
  const [query, setQuery] = useState('');
  const rows = useMemo(() => index?.search(query) ?? [], [index, query]);

  return (
    <div class="stack">
      <h1>服务对象</h1>
      <div class="search" role="search">
        <label for="person-search">搜索服务对象</label>
        <input
          id="person-search"
          type="search"
          enterKeyHint="search"
          autoComplete="off"
          placeholder="姓名，或身份证号、手机号后几位"
          value={query}
          aria-describedby="person-search-count"
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <p id="person-search-count" class="muted small" role="status" aria-live="polite">
          {index ? `共 ${rows.length} 人${query ? '符合' : ''}` : '正在读取名册…'}
        </p>
      </div>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <Link class="btn btn-block" href="/persons/new">
        新建服务对象
      </Link>
      {index && <PersonList rows={rows} />}
    </div>
  );
}

export function PersonList({ rows }: { rows: readonly PersonRow[] }) {
  const { scrollRef, items, totalSize } = useVirtualizer({ count: rows.length, rowHeight: ROW_HEIGHT });
  // A new search starts at the top of its results.
  useEffect(() => {
    scrollRef.current?.scrollTo?.(0, 0);
  }, [rows, scrollRef]);
  if (rows.length === 0) return <p class="notice">没有找到符合条件的服务对象。</p>;
  return (
    <div ref={scrollRef} class="vlist" tabIndex={0} role="region" aria-label="服务对象列表">
      <ul class="vlist-inner" style={{ height: `${totalSize}px` }}>
        {items.map((item) => {
          const p = rows[item.index];
          if (!p) return null;
          return (
            <li
              key={p.id}
              class="vlist-row"
              style={{ top: `${item.start}px`, height: `${ROW_HEIGHT}px` }}
              aria-posinset={item.index + 1}
              aria-setsize={rows.length}
            >
              <Link href={`/persons/${p.id}`}>
                <span>
                  <strong>{p.name}</strong>
                  {p.status !== '在册' && <span class="muted">（{p.status}）</span>}
                  {p.contactTier === '重点联系' && <span class="muted"> · 重点联系</span>}
                </span>
                <span class="row-sub">
                  {maskIdNumber(p.idNumber)}
                  {p.mobile ? ` · ${maskMobile(p.mobile)}` : ''}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
