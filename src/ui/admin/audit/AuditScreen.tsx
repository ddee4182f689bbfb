import { useState } from 'preact/hooks';
import type { AuditEntryView } from '../../../protocol/audit.ts';
import { toRequestError } from '../../../net/errors.ts';
import { fetchAudit, type AuditFilter } from '../../../stores/audit.ts';

const ACTION_LABELS: Record<string, string> = {
  login: '登录',
  login_failed: '登录失败',
  password_change: '修改密码',
  password_change_failed: '修改密码失败',
  read: '同步下载',
  export: '导出',
  reveal: '查看完整号码或位置',
  user_create: '创建用户',
  user_update: '修改用户',
  org_replace: '修改组织架构',
  org_settings: '修改六必访情形',
  import: '导入',
  change: '修改记录',
  delete: '删除记录',
  merge: '合并重复档案',
};

const EMPTY: AuditFilter = { user: '', person: '', from: '', to: '', action: '' };

/** What a row is about, in a line: the record, or how many ids a delivery or file held. */
function summary(e: AuditEntryView): string {
  const d = e.detail as { ids?: unknown; username?: unknown } | null;
  const ids = Array.isArray(d?.ids) ? `${d.ids.length} 条记录` : '';
  const who = typeof d?.username === 'string' ? `账号 ${d.username}` : '';
  return [e.kind, e.recordId, ids, who].filter((x) => x !== null && x !== '').join(' · ');
}

/**
 * 审计日志 (district admin): who did what, from which device and address, when — logins, deliveries of personal
 * records, exports, reveals, admin changes, imports — filtered by user, person (record id), period and action.
 * Reads straight from the server; offline it says 需要联网.
 */
export default function AuditScreen() {
  const [filter, setFilter] = useState<AuditFilter>(EMPTY);
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (before: number | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await fetchAudit(filter, before);
      setEntries((old) => (before === null ? page.entries : [...old, ...page.entries]));
      setNext(page.next);
    } catch (e) {
      setError(toRequestError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof AuditFilter, label: string, type = 'text') => (
    <div class="field">
      <label for={`audit-${key}`}>{label}</label>
      <input
        id={`audit-${key}`}
        type={type}
        value={filter[key]}
        onInput={(e) => setFilter({ ...filter, [key]: e.currentTarget.value })}
      />
    </div>
  );

  return (
    <div class="stack">
      <h1>审计日志</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void load(null);
        }}
      >
        {field('user', '用户名')}
        {field('person', '记录编号（服务对象等）')}
        {field('from', '开始日期', 'date')}
        {field('to', '结束日期', 'date')}
        <div class="field">
          <label for="audit-action">操作</label>
          <select
            id="audit-action"
            value={filter.action}
            onChange={(e) => setFilter({ ...filter, action: e.currentTarget.value })}
          >
            <option value="">全部</option>
            {Object.entries(ACTION_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="btn btn-block" disabled={busy}>
          {busy ? '正在查询…' : '查询'}
        </button>
      </form>
      {error && (
        <p role="alert" class="notice notice-error">
          {error}
        </p>
      )}
      <ul class="list" aria-label="审计记录">
        {entries.map((e) => (
          <li key={e.id} class="card">
            <strong>{ACTION_LABELS[e.action] ?? e.action}</strong> · {e.username ?? e.userId ?? '命令行'} ·{' '}
            {new Date(e.at).toLocaleString('zh-CN')}
            <br />
            <span class="muted">
              {summary(e)}
              {e.clientId ? ` · 设备 ${e.clientId.slice(0, 8)}` : ''}
              {e.address ? ` · 地址 ${e.address}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {next !== null && (
        <button type="button" class="btn btn-block" disabled={busy} onClick={() => void load(next)}>
          更早的记录
        </button>
      )}
    </div>
  );
}
