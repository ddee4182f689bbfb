import { useEffect, useState } from 'preact/hooks';
import type { AdminUser } from '../../../protocol/admin.ts';
import type { AdminDevice } from '../../../protocol/devices.ts';
import { toRequestError, type RequestError } from '../../../net/errors.ts';
import { fetchDevices, wipeDevice } from '../../../stores/admin.ts';
import { AdminNotice } from './AdminNotice.tsx';

const REASONS: Record<NonNullable<AdminDevice['wipeReason']>, string> = {
  disabled: '用户已停用',
  password_reset: '密码已重置',
  admin: '管理员注销',
};

function when(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN');
}

function state(d: AdminDevice): string {
  if (d.wipedAt) return `已清除（${when(d.wipedAt)}）`;
  if (d.wipeRequestedAt) return `待清除：${d.wipeReason ? REASONS[d.wipeReason] : ''}，下次联网时上传后清除`;
  return '使用中';
}

/**
 * 登录过的设备 of one user (SPEC.md D4): client id, first and last seen, app version, and 注销此设备 (D3),
 * which wipes that device the next time it reaches the server, after it pushed what it holds.
 */
export function UserDevices({ user }: { user: AdminUser }) {
  const [devices, setDevices] = useState<AdminDevice[] | null>(null);
  const [failure, setFailure] = useState<RequestError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => {
    setFailure(null);
    fetchDevices(user.id).then(setDevices, (e: unknown) => setFailure(toRequestError(e)));
  };
  useEffect(load, [user.id]);

  const wipe = async (d: AdminDevice) => {
    if (!confirm(`注销此设备？该设备下次联网时会先上传未同步的更改，然后清除本机的全部数据。`)) return;
    setBusy(true);
    setFailure(null);
    try {
      const updated = await wipeDevice(user.id, d.clientId);
      setDevices((list) => (list ?? []).map((x) => (x.clientId === updated.clientId ? updated : x)));
    } catch (e) {
      setFailure(toRequestError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="stack" aria-labelledby="user-devices-heading">
      <h4 id="user-devices-heading">登录过的设备</h4>
      {devices === null && !failure && <p class="muted">正在读取…</p>}
      {devices?.length === 0 && <p class="muted">尚无设备同步过。</p>}
      {devices && devices.length > 0 && (
        <ul class="list">
          {devices.map((d) => (
            <li key={d.clientId} class="stack" data-testid="user-device">
              <dl class="kv">
                <dt>设备编号</dt>
                <dd>
                  <code>{d.clientId}</code>
                </dd>
                <dt>首次使用</dt>
                <dd>{when(d.firstSeen)}</dd>
                <dt>最近同步</dt>
                <dd>{when(d.lastSeen)}</dd>
                <dt>应用版本</dt>
                <dd>{d.appVersion ?? '未知'}</dd>
                <dt>状态</dt>
                <dd>{state(d)}</dd>
              </dl>
              {!d.wipeRequestedAt && !d.wipedAt && (
                <button type="button" class="btn btn-block" disabled={busy} onClick={() => void wipe(d)}>
                  注销此设备
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {failure && <AdminNotice error={failure} onRetry={load} />}
    </section>
  );
}
