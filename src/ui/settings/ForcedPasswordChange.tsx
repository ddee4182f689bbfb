import { signOut } from '../../stores/session.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/**
 * After an admin reset the server answers nothing else until the user has chosen a new password (SPEC.md S5):
 * the app shows this screen before any other.
 */
export default function ForcedPasswordChange() {
  return (
    <div class="stack">
      <h1>请设置新密码</h1>
      <p>管理员已重置您的密码。请先设置只有您自己知道的新密码，再继续使用。</p>
      <section class="card">
        <ChangePasswordForm />
      </section>
      <button type="button" class="btn btn-block" onClick={() => void signOut()}>
        退出登录
      </button>
    </div>
  );
}
