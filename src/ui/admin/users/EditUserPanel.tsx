import { useState } from 'preact/hooks';
import type { OrgIndex } from '../../../model/org.ts';
import { ROLE_LABELS } from '../../../model/vocab.ts';
import type { AdminUser, UpdateUserRequest } from '../../../protocol/admin.ts';
import { updateUser } from '../../../stores/admin.ts';
import { toRequestError, type RequestError } from '../../../net/errors.ts';
import { SelectField, TextField } from '../../forms/fields.tsx';
import { AdminNotice } from './AdminNotice.tsx';
import { UserDevices } from './UserDevices.tsx';
import { MIN_PASSWORD } from './CreateUserForm.tsx';
import { isRole, placeFields, placeOf, placeOptions, ROLE_OPTIONS } from './placement.ts';
import { fieldErrors } from './server-errors.ts';

/**
 * Changes to one user, each its own PATCH: role and unit together (a role change needs a matching unit),
 * a password reset (ends the user's sessions), disable / enable (a disabled user cannot log in).
 * Field names carry an `edit-` prefix: the create form's fields are on the same page.
 */
export function EditUserPanel({
  user,
  org,
  onSaved,
}: {
  user: AdminUser;
  org: OrgIndex;
  onSaved: (u: AdminUser) => void;
}) {
  const [role, setRole] = useState<string>(user.role);
  const [place, setPlace] = useState(placeOf(user));
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<RequestError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (patch: UpdateUserRequest, message: string) => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      const updated = await updateUser(user.id, patch);
      onSaved(updated);
      setDone(message);
      setPassword('');
    } catch (e) {
      const failed = toRequestError(e);
      const fields = fieldErrors(failed);
      setErrors({
        ...(fields['place'] ? { 'edit-place': fields['place'] } : {}),
        ...(fields['role'] ? { 'edit-role': fields['role'] } : {}),
        ...(fields['password'] ? { 'edit-password': fields['password'] } : {}),
      });
      setFailure(failed);
    } finally {
      setBusy(false);
    }
  };

  const savePlacement = () => {
    const fields = placeFields(org, place);
    if (!isRole(role) || !fields) {
      setErrors({ 'edit-place': '请选择与角色相符的所属单位' });
      return;
    }
    setErrors({});
    void send({ role, ...fields }, `已将 ${user.displayName} 改为${ROLE_LABELS[role]}`);
  };

  const resetPassword = () => {
    if (password.length < MIN_PASSWORD) {
      setErrors({ 'edit-password': `密码至少${MIN_PASSWORD}位` });
      return;
    }
    setErrors({});
    void send(
      { password },
      `已重置 ${user.displayName} 的密码，其设备下次联网时上传未同步的更改后清除本机数据`,
    );
  };

  const toggleDisabled = () => {
    setErrors({});
    void send(
      { disabled: !user.disabled },
      user.disabled
        ? `已启用 ${user.displayName}`
        : `已停用 ${user.displayName}，其设备下次联网时上传未同步的更改后清除本机数据`,
    );
  };

  const options = isRole(role) ? placeOptions(org, role) : [];
  return (
    <section class="card stack" aria-labelledby="edit-user-heading">
      <h3 id="edit-user-heading">
        修改 {user.displayName}（{user.username}）
      </h3>
      <SelectField
        name="edit-role"
        label="新角色"
        required
        options={ROLE_OPTIONS}
        value={role}
        onValue={(r) => {
          setRole(r);
          setPlace('');
        }}
        error={errors['edit-role']}
      />
      <SelectField
        name="edit-place"
        label="新所属单位"
        required
        options={options}
        value={options.some((o) => o.value === place) ? place : ''}
        onValue={setPlace}
        error={errors['edit-place']}
      />
      <button type="button" class="btn btn-block" disabled={busy} onClick={savePlacement}>
        保存角色和单位
      </button>
      <TextField
        name="edit-password"
        label="新密码"
        type="password"
        autoComplete="new-password"
        hint={`至少${MIN_PASSWORD}位`}
        value={password}
        onValue={setPassword}
        error={errors['edit-password']}
      />
      <button type="button" class="btn btn-block" disabled={busy} onClick={resetPassword}>
        重置密码
      </button>
      <button type="button" class="btn btn-block" disabled={busy} onClick={toggleDisabled}>
        {user.disabled ? '启用此用户' : '停用此用户'}
      </button>
      {failure && <AdminNotice error={failure} />}
      {done && (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
      <UserDevices key={`${user.id}:${String(user.disabled)}`} user={user} />
    </section>
  );
}
