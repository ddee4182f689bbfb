import { useState } from 'preact/hooks';
import { signIn, type Holder } from '../../stores/session.ts';

/**
 * 登录. Needs the network once; afterwards the cached session opens the app offline. A failed login keeps
 * what was typed in the username field.
 */
export function LoginScreen({ error, holder }: { error: string | null; holder?: Holder | null }) {
  // A profile holding a worker's unsynced typing names that worker and lets only them log in (D2).
  const [username, setUsername] = useState(holder?.username ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<{ username?: string; password?: string }>({});

  const submit = async (e: Event) => {
    e.preventDefault();
    const m: { username?: string; password?: string } = {};
    if (!username.trim()) m.username = '请输入用户名';
    if (!password) m.password = '请输入密码';
    setMissing(m);
    if (m.username || m.password) return;
    setBusy(true);
    await signIn(username, password);
    setBusy(false);
    setPassword('');
  };

  return (
    <main id="main" class="login">
      <h1>走访通</h1>
      <p class="muted">退役军人走访服务 · 离线可用</p>
      {holder && (
        <p class="notice" role="status" data-testid="login-holder">
          本机保存着{holder.displayName}（{holder.username}）的{holder.summary}
          。同步之前只有该用户可以在本机登录。
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="field">
          <label for="login-username">用户名</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="off"
            value={username}
            aria-invalid={missing.username ? true : undefined}
            aria-describedby={missing.username ? 'login-username-error' : undefined}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
          {missing.username && (
            <p id="login-username-error" class="field-error">
              {missing.username}
            </p>
          )}
        </div>
        <div class="field">
          <label for="login-password">密码</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={missing.password ? true : undefined}
            aria-describedby={missing.password ? 'login-password-error' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {missing.password && (
            <p id="login-password-error" class="field-error">
              {missing.password}
            </p>
          )}
        </div>
        {error && (
          <p role="alert" class="notice notice-error">
            {error}
          </p>
        )}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
