import { useState } from 'preact/hooks';
import type { OrgIndex } from '../../../model/org.ts';
import { createUserRequestSchema, type AdminUser } from '../../../protocol/admin.ts';
import { createUser } from '../../../stores/admin.ts';
import { toRequestError, type RequestError } from '../../../net/errors.ts';
import { SelectField, TextField } from '../../forms/fields.tsx';
import { AdminNotice } from './AdminNotice.tsx';
import { isRole, placeFields, placeOptions, ROLE_OPTIONS } from './placement.ts';
import { fieldErrors } from './server-errors.ts';

/** The server's minimum, read from the shared schema so the hint and the check never drift from it. */
export const MIN_PASSWORD = createUserRequestSchema.shape.password.minLength ?? 8;

const EMPTY = { username: '', displayName: '', password: '', role: '', place: '' };
const ISSUE_FIELD: Record<string, string> = { unitId: 'place', teamId: 'place' };

/** 新建用户: checked with the shared request schema first, then the server's refusal lands beside its field. */
export function CreateUserForm({ org, onCreated }: { org: OrgIndex; onCreated: (u: AdminUser) => void }) {
  const [v, setV] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<RequestError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof EMPTY) => (value: string) =>
    setV((cur) => (k === 'role' ? { ...cur, role: value, place: '' } : { ...cur, [k]: value }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    setFailure(null);
    const place = placeFields(org, v.place);
    const candidate = {
      username: v.username,
      password: v.password,
      role: v.role,
      displayName: v.displayName.trim() === '' ? undefined : v.displayName,
      ...place,
    };
    const parsed = createUserRequestSchema.safeParse(candidate);
    const found: Record<string, string> = {};
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const k = String(i.path[0] ?? '');
        const field = ISSUE_FIELD[k] ?? k;
        found[field] ??= i.message;
      }
    }
    if (v.displayName.trim() === '') found['displayName'] ??= '请填写姓名';
    if (v.role !== '' && !place) found['place'] ??= '请选择所属单位';
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) {
      focusFirstError(e.currentTarget);
      return;
    }
    setBusy(true);
    try {
      const user = await createUser(parsed.data);
      onCreated(user);
      setV(EMPTY);
      setDone(`已创建用户 ${user.username}（${user.displayName}）`);
    } catch (err) {
      const failed = toRequestError(err);
      setErrors(fieldErrors(failed));
      setFailure(failed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">新建用户</h2>
      <TextField
        name="username"
        label="用户名"
        required
        autoComplete="off"
        hint="2–40位字母、数字或 _ . -，用于登录"
        value={v.username}
        onValue={set('username')}
        error={errors['username']}
      />
      <TextField
        name="displayName"
        label="姓名"
        required
        maxLength={50}
        value={v.displayName}
        onValue={set('displayName')}
        error={errors['displayName']}
      />
      <TextField
        name="password"
        label="初始密码"
        type="password"
        autoComplete="new-password"
        required
        hint={`至少${MIN_PASSWORD}位；请当面告知本人并提醒其妥善保管`}
        value={v.password}
        onValue={set('password')}
        error={errors['password']}
      />
      <SelectField
        name="role"
        label="角色"
        required
        options={ROLE_OPTIONS}
        value={v.role}
        onValue={set('role')}
        error={errors['role']}
      />
      <SelectField
        name="place"
        label="所属单位"
        required
        placeholder={v.role === '' ? '请先选择角色' : '请选择'}
        {...(v.role === 'team_leader' ? { hint: '志愿服务队队长选择其服务队' } : {})}
        options={isRole(v.role) ? placeOptions(org, v.role) : []}
        value={v.place}
        onValue={set('place')}
        error={errors['place']}
      />
      {failure && <AdminNotice error={failure} />}
      {done && (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
      <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
        {busy ? '正在创建…' : '创建用户'}
      </button>
    </form>
  );
}

/** Puts the thumb (and the screen reader) on the first field that needs fixing. */
export function focusFirstError(form: EventTarget | null): void {
  if (!(form instanceof HTMLElement)) return;
  // After the re-render that marks the fields.
  setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}
