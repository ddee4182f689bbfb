import { KIND_LABELS, isKind } from '../../model/kinds.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { refusedChanges } from '../../stores/queries.ts';
import { phaseProgress, statusSentence, syncNow, syncStore } from '../../stores/sync-status.ts';
import { useStore } from '../../stores/use-store.ts';
import { reauthenticate } from '../../stores/session.ts';
import { exportRefused } from './export-refused.ts';
import { Link } from '../app/Link.tsx';
import type { RejectedEntry } from '../../db/database.ts';

/** Where the worker can correct a refused change: the record's own page, or its person's. */
function recordLink(r: RejectedEntry): string | null {
  if (r.op === 'delete') return null;
  if (r.kind === 'person') return `/persons/${r.recordId}/edit`;
  if (r.kind === 'need') return `/needs/${r.recordId}`;
  const personId = r.fields['personId'];
  return typeof personId === 'string' ? `/persons/${personId}` : null;
}

/**
 * 同步: the engine's state as data (SPEC.md C8) — phase, pending count, last synced, progress of a large
 * download — the 立即同步 button, and the changes the server refused with their reasons (C6).
 */
export default function SyncScreen() {
  const { status, engine, nowError } = useStore(syncStore, (s) => s);
  const refused = liveValue(useLiveQuery(refusedChanges, []), []);
  const progress = phaseProgress(status.phase);
  const busy = status.phase.kind === 'pushing' || status.phase.kind === 'pulling';
  return (
    <div class="stack">
      <h1>同步</h1>
      <section class="card" aria-labelledby="sync-state">
        <h2 id="sync-state">同步状态</h2>
        <p role="status" aria-live="polite">
          {statusSentence(status)}
        </p>
        {progress !== null && (
          <progress class="progress" max={100} value={Math.round(progress * 100)} aria-label="同步进度" />
        )}
        <dl class="kv">
          <dt>未同步的更改</dt>
          <dd>{status.pending} 条</dd>
          <dt>被拒绝的更改</dt>
          <dd>{status.rejected} 条</dd>
          <dt>上次同步</dt>
          <dd>{status.lastSyncedAt ? new Date(status.lastSyncedAt).toLocaleString('zh-CN') : '尚未同步'}</dd>
        </dl>
        {status.phase.kind === 'login-required' && (
          <div class="notice notice-error">
            <p>登录已过期，请重新登录。未同步的记录仍保存在本机，登录后继续同步。</p>
            <button type="button" class="btn btn-block" onClick={() => void reauthenticate()}>
              重新登录
            </button>
          </div>
        )}
        {nowError && (
          <p class="notice notice-error" role="alert">
            {nowError}
          </p>
        )}
        <button
          type="button"
          class="btn btn-primary btn-block"
          disabled={!engine || busy}
          onClick={() => void syncNow()}
        >
          立即同步
        </button>
      </section>

      <section class="card" aria-labelledby="refused-heading">
        <h2 id="refused-heading">被服务器拒绝的更改（{refused.length}）</h2>
        {refused.length === 0 ? (
          <p class="muted">没有被拒绝的更改。</p>
        ) : (
          <>
            <p class="muted">
              这些更改没有同步到服务器，但仍保存在本机。可导出文件交给管理员核对后重新录入。
            </p>
            <ul class="list">
              {refused.map((r) => (
                <li key={r.mutationId} class="list-link">
                  <span>
                    {isKind(r.kind) ? KIND_LABELS[r.kind] : r.kind} · {r.op === 'delete' ? '删除' : '保存'}
                  </span>
                  <span class="field-error">原因：{r.message || r.reason}</span>
                  <span class="muted small">{new Date(r.rejectedAt).toLocaleString('zh-CN')}</span>
                  {recordLink(r) && <Link href={recordLink(r) ?? '/'}>查看并更正该记录</Link>}
                </li>
              ))}
            </ul>
            <button type="button" class="btn btn-block" onClick={() => exportRefused(refused)}>
              导出被拒绝的更改
            </button>
          </>
        )}
      </section>
    </div>
  );
}
