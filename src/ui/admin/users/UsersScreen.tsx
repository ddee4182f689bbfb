import { useEffect, useState } from 'preact/hooks';
import { OrgIndex } from '../../../model/org.ts';
import { ROLE_LABELS } from '../../../model/vocab.ts';
import type { AdminUser } from '../../../protocol/admin.ts';
import { fetchOrg, fetchUsers } from '../../../stores/admin.ts';
import { toRequestError, type RequestError } from '../../../net/errors.ts';
import { AdminNotice } from './AdminNotice.tsx';
import { CreateUserForm } from './CreateUserForm.tsx';
import { EditUserPanel } from './EditUserPanel.tsx';
import { placeLabel } from './placement.ts';
import { useOnline } from './use-online.ts';

type Phase =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: RequestError }
  | { readonly kind: 'ready'; readonly org: OrgIndex };

/**
 * 用户管理 (district admin): the accounts with role and unit, a form to create one, and per-user changes.
 * Everything goes straight to the server (no queue): offline the screen says 需要联网 and reloads itself
 * when the network is back.
 */
export default function UsersScreen() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const online = useOnline();

  const load = async () => {
    setPhase({ kind: 'loading' });
    try {
      const [list, tree] = await Promise.all([fetchUsers(), fetchOrg()]);
      setUsers(list);
      setPhase({ kind: 'ready', org: new OrgIndex(tree) });
    } catch (e) {
      setPhase({ kind: 'failed', error: toRequestError(e) });
    }
  };
  useEffect(() => {
    // Back online after a failed load: read again. A loaded screen stays, with whatever the admin typed.
    if (online && phase.kind !== 'ready') void load();
  }, [online]);

  const replace = (u: AdminUser) => setUsers((list) => list.map((x) => (x.id === u.id ? u : x)));

  return (
    <div class="stack">
      <h1>用户管理</h1>
      {!online && <OfflineNote />}
      {phase.kind === 'loading' && online && (
        <p class="loading" role="status">
          正在读取用户…
        </p>
      )}
      {phase.kind === 'failed' && online && <AdminNotice error={phase.error} onRetry={() => void load()} />}
      {phase.kind === 'ready' && (
        <>
          <CreateUserForm org={phase.org} onCreated={(u) => setUsers((list) => [...list, u])} />
          <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">用户列表（{users.length}）</h2>
            <ul class="list">
              {users.map((u) => (
                <li key={u.id} class="stack">
                  <div>
                    <strong>{u.displayName}</strong> <span class="muted">{u.username}</span>
                    {u.disabled && <span> · 已停用</span>}
                  </div>
                  <div class="row-sub">
                    {ROLE_LABELS[u.role]} · {placeLabel(phase.org, u)}
                  </div>
                  <button
                    type="button"
                    class="btn"
                    aria-expanded={open === u.id}
                    aria-label={`修改 ${u.displayName}（${u.username}）`}
                    onClick={() => setOpen(open === u.id ? null : u.id)}
                  >
                    {open === u.id ? '收起' : '修改'}
                  </button>
                  {open === u.id && <EditUserPanel user={u} org={phase.org} onSaved={replace} />}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}

export function OfflineNote() {
  return (
    <p class="notice notice-error" role="status">
      需要联网：当前离线，用户管理和组织架构的更改直接提交到服务器，联网后将自动重新读取。
    </p>
  );
}
