import { useState } from 'preact/hooks';
import { toRequestError } from '../../net/errors.ts';
import { changeOwnPassword, newPasswordProblem } from '../../stores/password.ts';

/**
 * 修改密码: current password, the new one twice. Checks the length rule as the user submits; the server also
 * refuses common passwords and says so. Used on 我的 and, after an admin reset, as the only screen.
 */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = current ? newPasswordProblem(next, repeat) : '请输入当前密码';
    if (problem !== null) {
      setMessage({ ok: false, text: problem });
      return;
    }
    setBusy(true);
    try {
      await changeOwnPassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setMessage({ ok: true, text: '密码已修改' });
      onDone?.();
    } catch (err) {
      setMessage({ ok: false, text: toRequestError(err).message || '修改失败，请重试' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div class="field">
        <label for="pw-current">当前密码</label>
        <input
          id="pw-current"
          type="password"
          autoComplete="current-password"
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="pw-new">新密码（至少10位，不能过于常见）</label>
        <input
          id="pw-new"
          type="password"
          autoComplete="new-password"
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="pw-repeat">再次输入新密码</label>
        <input
          id="pw-repeat"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onInput={(e) => setRepeat(e.currentTarget.value)}
        />
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'notice' : 'notice notice-error'}>
          {message.text}
        </p>
      )}
      <button type="submit" class="btn btn-block" disabled={busy}>
        {busy ? '正在提交…' : '修改密码'}
      </button>
    </form>
  );
}
