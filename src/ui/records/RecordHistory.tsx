import { useEffect, useState } from 'preact/hooks';
import { chinaTime } from '../../model/dates.ts';
import { loadRecordHistory, type HistoryState } from '../../stores/record-history.ts';
import { fieldLabel, fieldText } from './field-labels.ts';

/**
 * 修改记录 of a record (SPEC.md P18): who created it, then each correction — who, when (China time), which
 * fields old → new by their form labels. Read from the server when the screen opens; offline it says so.
 * `version` reloads it after a local change once synced (the caller passes the record's `_v`).
 */
export function RecordHistory({ kind, id, version }: { kind: string; id: string; version: number }) {
  const [state, setState] = useState<HistoryState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const load = async () => {
      const s = await loadRecordHistory(id);
      if (live) setState(s);
    };
    void load();
    return () => {
      live = false;
    };
  }, [id, version]);

  return (
    <section class="card" aria-labelledby="record-history">
      <h2 id="record-history">修改记录</h2>
      <HistoryBody kind={kind} state={state} />
    </section>
  );
}

function HistoryBody({ kind, state }: { kind: string; state: HistoryState }) {
  switch (state.status) {
    case 'loading':
      return (
        <p class="loading" role="status">
          正在读取修改记录…
        </p>
      );
    case 'offline':
      return <p class="muted">离线时看不到修改记录，联网后再打开此页。</p>;
    case 'not-synced':
      return <p class="muted">此记录尚未同步到服务器，同步后可查看修改记录。</p>;
    case 'error':
      return <p class="notice">{state.message}</p>;
    default: {
      const h = state.history;
      return (
        <ol class="list" data-testid="revisions">
          <li>
            {h.createdByName} 创建（{chinaTime(h.createdAt)}）
          </li>
          {h.revisions.map((r) => (
            <li key={r.version}>
              <span>
                {r.byName} · {chinaTime(r.at)}
              </span>
              <ul class="muted small">
                {r.changes.map((c) => {
                  // Fields people are not shown (who voided: the revision already names them) stay out.
                  const label = fieldLabel(kind, c.field);
                  if (label === null) return null;
                  return (
                    <li key={c.field}>
                      {label}：{fieldText(c.field, c.from)} → {fieldText(c.field, c.to)}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
          {h.revisions.length === 0 && <li class="muted">创建后未修改过。</li>}
        </ol>
      );
    }
  }
}
