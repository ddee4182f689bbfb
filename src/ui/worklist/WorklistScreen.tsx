import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  DEFAULT_HOLIDAY_LEAD_DAYS,
  WORKLIST_KIND_LABELS,
  WORKLIST_KINDS,
  type WorklistKind,
} from '../../model/worklist.ts';
import { startWorklist, worklistStore } from '../../stores/worklist.ts';
import { useStore } from '../../stores/use-store.ts';
import { navigate } from '../app/router.ts';
import type { ScreenProps } from '../app/screen.ts';
import { WorklistList } from './WorklistList.tsx';
import './worklist.css';

type Filter = WorklistKind | 'all';

function parseFilter(value: string | null | undefined): Filter {
  return WORKLIST_KINDS.find((k) => k === value) ?? 'all';
}

function emptyText(filter: Filter, total: number): string {
  if (total === 0 || filter === 'all') {
    return '目前没有待走访的对象：约定的回访、到期的困难需求、重点联系对象的季度联系和年度入户都已完成。';
  }
  return `“${WORKLIST_KIND_LABELS[filter]}”目前没有待走访的对象。`;
}

/**
 * 待访清单: who is due or overdue for a visit, computed on the device over its own records, offline
 * (stores/worklist.ts). Filterable by kind, with counts; the filter lives in the address (`?kind=`) so
 * going back from a person returns to the same view.
 */
export default function WorklistScreen({ query }: Partial<ScreenProps>) {
  useEffect(() => startWorklist(), []);
  const status = useStore(worklistStore, (s) => s.status);
  const all = useStore(worklistStore, (s) => s.items);
  const counts = useStore(worklistStore, (s) => s.counts);
  const today = useStore(worklistStore, (s) => s.today);
  const error = useStore(worklistStore, (s) => s.error);
  const triggers = useStore(worklistStore, (s) => s.triggers);
  const [filter, setFilter] = useState<Filter>(() => parseFilter(query?.get('kind')));
  const shown = useMemo(() => (filter === 'all' ? all : all.filter((i) => i.kind === filter)), [all, filter]);
  const persons = useMemo(() => new Set(shown.map((i) => i.personId)).size, [shown]);

  const choose = (next: Filter) => {
    setFilter(next);
    navigate(next === 'all' ? '/worklist' : `/worklist?kind=${next}`, { replace: true });
  };
  const ready = status === 'ready' || (status === 'error' && today !== null);

  return (
    <div class="stack">
      <h1>待访清单</h1>
      {query?.get('saved') === 'visit' && (
        <p class="notice notice-ok" role="status">
          走访记录已保存到本机，联网后自动同步；清单已随之更新。
        </p>
      )}
      <p class="muted small" role="status" aria-live="polite">
        {ready
          ? `按 ${today ?? ''} 计算：共 ${shown.length} 项，涉及 ${persons} 人`
          : status === 'error'
            ? ''
            : '正在计算待访清单…'}
      </p>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div class="field">
        <fieldset>
          <legend>按类别筛选</legend>
          <div class="choices">
            <label class="choice">
              <input
                type="radio"
                name="worklist-kind"
                checked={filter === 'all'}
                onChange={() => choose('all')}
              />
              全部（{all.length}）
            </label>
            {/* Kinds with nothing due stay out of the way on a phone (unless chosen, e.g. by the address). */}
            {WORKLIST_KINDS.filter((kind) => counts[kind] > 0 || filter === kind).map((kind) => (
              <label class="choice" key={kind}>
                <input
                  type="radio"
                  name="worklist-kind"
                  checked={filter === kind}
                  onChange={() => choose(kind)}
                />
                {WORKLIST_KIND_LABELS[kind]}（{counts[kind]}）
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {ready &&
        (shown.length > 0 ? (
          <WorklistList items={shown} />
        ) : (
          <p class="notice notice-ok">{emptyText(filter, all.length)}</p>
        ))}
      <details class="card">
        <summary>清单怎样生成</summary>
        <ul class="small">
          <li>六必访回访、约定回访：最近一次走访约定的回访日期已到，之后尚未再走访。</li>
          <li>诉求待登记：走访时提出了诉求，尚未登记困难帮扶需求。</li>
          <li>困难帮扶待跟进：未办结的需求已到跟进日期，之后尚未走访。</li>
          <li>
            重点联系对象：每季度至少联系一次，每年至少入户走访一次；春节、八一前 {DEFAULT_HOLIDAY_LEAD_DAYS}{' '}
            天起须走访或慰问。
          </li>
          <li>六必访情形：{triggers.join('、')}。</li>
          <li>记录走访后，该对象即从清单中移除（年度入户须为入户走访）。</li>
        </ul>
      </details>
    </div>
  );
}
