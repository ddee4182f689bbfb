import { useEffect, useState } from 'preact/hooks';
import { version } from '../../../package.json';
import { ROLE_LABELS } from '../../model/vocab.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { loadOrg, unitLabel } from '../../stores/org.ts';
import { refusedChanges } from '../../stores/queries.ts';
import { sessionStore, signOut, syncThenSignOut, type SignOutResult } from '../../stores/session.ts';
import { useStore } from '../../stores/use-store.ts';
import { Link } from '../app/Link.tsx';
import { visibleLinks } from '../nav.ts';
import { exportRefused } from '../sync/export-refused.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** The app version: package.json's (Vite keeps just this field of the JSON), plus the build id if set. */
const BUILD = import.meta.env.VITE_BUILD_ID as string | undefined;
const VERSION = typeof BUILD === 'string' && BUILD ? `${version} (${BUILD})` : version;

interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

async function readStorage(): Promise<StorageInfo> {
  const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const est = await s?.estimate?.().catch(() => undefined);
  const persisted = await s?.persisted?.().catch(() => null);
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted: persisted ?? null };
}

function mb(bytes: number | null): string {
  return bytes === null ? '未知' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 我的 / 设置: user, storage used and persistence, app version, more functions, logout. */
export default function SettingsScreen() {
  const user = useStore(sessionStore, (s) => (s.status === 'signed-in' ? s.session.user : null));
  const refused = liveValue(useLiveQuery(refusedChanges, []), []);
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  const [unit, setUnit] = useState('');
  const [persistNote, setPersistNote] = useState<string | null>(null);

  useEffect(() => {
    void readStorage().then(setStorage);
    if (user) void loadOrg().then((org) => setUnit(unitLabel(org, user.unitId)));
  }, [user]);

  const persist = async () => {
    const granted = await navigator.storage?.persist?.().catch(() => false);
    setPersistNote(granted ? '已获准持久保存' : '浏览器未批准（可将应用添加到主屏幕后重试）');
    setStorage(await readStorage());
  };

  // Logging out deletes this device's data (D1); what only this device holds refuses it and is shown here.
  const [refusal, setRefusal] = useState<Extract<SignOutResult, { ok: false }> | null>(null);
  const [leaving, setLeaving] = useState(false);
  const run = async (step: () => Promise<SignOutResult>) => {
    setLeaving(true);
    try {
      const r = await step();
      setRefusal(r.ok ? null : r);
    } catch {
      setRefusal(null);
    } finally {
      setLeaving(false);
    }
  };
  const logout = () => run(() => signOut());

  const links = visibleLinks(user?.role ?? null);
  return (
    <div class="stack">
      <h1>我的</h1>
      <section class="card" aria-labelledby="me-user">
        <h2 id="me-user">账号</h2>
        <dl class="kv">
          <dt>姓名</dt>
          <dd>{user?.displayName ?? '—'}</dd>
          <dt>用户名</dt>
          <dd>{user?.username ?? '—'}</dd>
          <dt>角色</dt>
          <dd>{user ? ROLE_LABELS[user.role] : '—'}</dd>
          <dt>工作区域</dt>
          <dd>{unit || user?.unitId || '—'}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="me-password">
        <h2 id="me-password">修改密码</h2>
        <ChangePasswordForm />
      </section>

      {links.length > 0 && (
        <nav class="card" aria-labelledby="me-more">
          <h2 id="me-more">更多功能</h2>
          <ul class="list">
            {links.map((l) => (
              <li key={l.href}>
                <Link class="list-link" href={l.href}>
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}

      <section class="card" aria-labelledby="me-storage">
        <h2 id="me-storage">本机存储</h2>
        <dl class="kv">
          <dt>已用空间</dt>
          <dd>{storage ? `${mb(storage.usage)} / ${mb(storage.quota)}` : '正在读取…'}</dd>
          <dt>持久保存</dt>
          <dd>
            {storage?.persisted === null || !storage
              ? '未知'
              : storage.persisted
                ? '已获准（浏览器不会自动清除数据）'
                : '未获准'}
          </dd>
          <dt>应用版本</dt>
          <dd>{VERSION}</dd>
        </dl>
        {storage && storage.persisted === false && (
          <button type="button" class="btn btn-block" onClick={() => void persist()}>
            申请持久保存
          </button>
        )}
        {persistNote && <p role="status">{persistNote}</p>}
      </section>

      <section class="card" aria-labelledby="me-sync">
        <h2 id="me-sync">同步</h2>
        <div class="actions">
          <Link class="btn btn-block" href="/sync">
            查看同步状态
          </Link>
          {refused.length > 0 && (
            <button type="button" class="btn btn-block" onClick={() => exportRefused(refused)}>
              导出被拒绝的更改
            </button>
          )}
        </div>
      </section>

      {refusal && (
        <section class="card notice notice-error" role="alert" aria-labelledby="me-logout">
          <h2 id="me-logout">还不能退出登录</h2>
          <p>
            本机还有{refusal.summary}。退出登录会清除本机的全部数据
            {refusal.holdings.pending > 0 ? '，请先同步；同步完成之前，其他账号也不能在本机登录。' : '。'}
          </p>
          <div class="actions">
            {refusal.holdings.pending > 0 ? (
              <button
                type="button"
                class="btn btn-block"
                disabled={leaving}
                onClick={() => void run(() => syncThenSignOut())}
              >
                {leaving ? '正在同步，完成后退出…' : '先同步，再退出'}
              </button>
            ) : (
              <button
                type="button"
                class="btn btn-block"
                disabled={leaving}
                onClick={() => void run(() => signOut({ discard: true }))}
              >
                放弃这些内容并退出
              </button>
            )}
          </div>
        </section>
      )}

      <button type="button" class="btn btn-block" disabled={leaving} onClick={() => void logout()}>
        退出登录
      </button>
    </div>
  );
}
