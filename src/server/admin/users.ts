import { randomUUID } from 'node:crypto';
import { OrgIndex } from '../../model/org.ts';
import { ROLE_LABELS, type Role } from '../../model/vocab.ts';
import { createUserRequestSchema, updateUserRequestSchema, type AdminUser } from '../../protocol/admin.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { auditEntry, CLI_CONTEXT, type AuditContext } from '../audit/actions.ts';
import { hashPassword } from '../auth/password.ts';
import { assertPasswordAllowed } from '../auth/password-policy.ts';
import { toSessionUser } from '../auth/sessions.ts';
import type { Store, UserPatch, UserRow } from '../storage/store.ts';
import { parseOr400 } from '../validate.ts';
import { requestWipe } from '../devices/admin-devices.ts';

const ROLE_LEVEL = {
  district_admin: 'district',
  street_staff: 'street',
  community_worker: 'community',
} as const;

/** Why a role cannot sit at this unit/team, or null when it can. */
export function placementRefusal(
  org: OrgIndex,
  role: Role,
  unitId: string,
  teamId: string | null,
): string | null {
  if (role === 'team_leader') {
    const team = org.teams.get(teamId ?? '');
    if (!team) return '志愿服务队队长须指定存在的服务队';
    if (team.unitId !== unitId) return '队长的所属单位应为服务队所属单位';
    return null;
  }
  if (teamId !== null) return `${ROLE_LABELS[role]}不能指定服务队`;
  const unit = org.byId.get(unitId);
  if (!unit) return `单位 ${unitId} 不存在`;
  if (unit.level !== ROLE_LEVEL[role]) return `${ROLE_LABELS[role]}的所属单位层级不正确`;
  return null;
}

export function toAdminUser(u: UserRow): AdminUser {
  return { ...toSessionUser(u), disabled: u.disabled, createdAt: u.createdAt };
}

/**
 * Creates a user from an admin request (API or CLI). A team leader's unit defaults to its team's unit. The
 * password must meet the rules (auth/password-policy.ts), except for demo seeding, which passes its hash.
 */
export async function createUser(
  store: Store,
  input: unknown,
  /** A hash of `input.password` made earlier (demo seeding reuses one); hashed here when absent. */
  passwordHash?: string,
  ctx: AuditContext = CLI_CONTEXT,
): Promise<AdminUser> {
  const req = parseOr400(createUserRequestSchema, input);
  if (passwordHash === undefined) assertPasswordAllowed(req.password, req.username);
  const org = new OrgIndex(await store.getOrg());
  const teamId = req.teamId ?? null;
  const unitId = req.unitId ?? (teamId !== null ? org.teams.get(teamId)?.unitId : undefined) ?? '';
  const why = placementRefusal(org, req.role, unitId, teamId);
  if (why !== null) throw new ProtocolError('bad_request', why, { unitId, teamId });
  const row: UserRow = {
    id: randomUUID(),
    username: req.username,
    displayName: req.displayName ?? req.username,
    role: req.role,
    unitId,
    teamId,
    passwordHash: passwordHash ?? (await hashPassword(req.password)),
    disabled: false,
    createdAt: new Date().toISOString(),
    mustChangePassword: false,
  };
  await store.createUser(row);
  const user = toAdminUser(row);
  if (passwordHash === undefined) {
    await store.appendAudit([
      auditEntry(ctx, 'user_create', { kind: 'user', recordId: row.id, detail: user }),
    ]);
  }
  return user;
}

/**
 * Changes role, unit, team, name, password or the disabled flag. A new password (an admin reset) must meet the
 * rules and must be changed by the user at its next login; it and disabling end the user's sessions.
 */
export async function updateUser(
  store: Store,
  id: string,
  input: unknown,
  ctx: AuditContext = CLI_CONTEXT,
): Promise<AdminUser> {
  const req = parseOr400(updateUserRequestSchema, input);
  const cur = await store.getUser(id);
  if (!cur) throw new ProtocolError('not_found', '用户不存在', { id });
  const role = req.role ?? cur.role;
  if (
    cur.role === 'district_admin' &&
    !cur.disabled &&
    (role !== 'district_admin' || req.disabled === true)
  ) {
    const others = (await store.listUsers()).filter(
      (u) => u.id !== id && u.role === 'district_admin' && !u.disabled,
    );
    if (others.length === 0) {
      throw new ProtocolError('conflict', '这是唯一的区级管理员，不能停用或改变其角色', { id });
    }
  }
  const teamId = req.teamId !== undefined ? req.teamId : role === 'team_leader' ? cur.teamId : null;
  const org = new OrgIndex(await store.getOrg());
  const unitId =
    req.unitId ?? (role === 'team_leader' ? (org.teams.get(teamId ?? '')?.unitId ?? cur.unitId) : cur.unitId);
  const why = placementRefusal(org, role, unitId, teamId);
  if (why !== null) throw new ProtocolError('bad_request', why, { unitId, teamId });
  const patch: { -readonly [K in keyof UserPatch]: UserPatch[K] } = { role, unitId, teamId };
  if (req.displayName !== undefined) patch.displayName = req.displayName;
  if (req.disabled !== undefined) patch.disabled = req.disabled;
  if (req.password !== undefined) {
    assertPasswordAllowed(req.password, cur.username);
    patch.passwordHash = await hashPassword(req.password);
    patch.mustChangePassword = true;
  }
  const updated = await store.updateUser(id, patch);
  if (!updated) throw new ProtocolError('not_found', '用户不存在', { id });
  // The user's devices are wiped the next time they reach the server, after pushing what they hold (D3): the
  // mark is set before the sessions end, so the devices keep the token that lets them push once.
  if (req.disabled === true && !cur.disabled) await requestWipe(store, ctx.userId, id, null, 'disabled');
  else if (req.password !== undefined) await requestWipe(store, ctx.userId, id, null, 'password_reset');
  if (req.password !== undefined || req.disabled === true) await store.deleteUserSessions(id);
  const { password, ...changed } = req;
  await store.appendAudit([
    auditEntry(ctx, 'user_update', {
      kind: 'user',
      recordId: id,
      detail: { username: cur.username, changed, passwordReset: password !== undefined },
    }),
  ]);
  return toAdminUser(updated);
}

export async function listUsers(store: Store): Promise<AdminUser[]> {
  return (await store.listUsers()).map(toAdminUser);
}
