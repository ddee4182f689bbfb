import { META, setMeta } from '../db/meta.ts';
import type { OrgTree } from '../model/org.ts';
import {
  adminUserSchema,
  ADMIN_USERS_PATH,
  usersResponseSchema,
  type AdminUser,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '../protocol/admin.ts';
import {
  adminDeviceSchema,
  devicesPath,
  devicesResponseSchema,
  deviceWipePath,
  type AdminDevice,
} from '../protocol/devices.ts';
import { ADMIN_ORG_PATH, orgTreeSchema } from '../protocol/org.ts';
import { apiJson } from './api.ts';
import { getDb } from './db.ts';

/**
 * Client of the district admin's API (/api/admin/users, /api/admin/org). Unlike records, admin changes are
 * never queued: they act on accounts and the org tree at once, so they need the network and say so.
 * Every call goes through the app's HTTP client (stores/api.ts): answers checked with the protocol schemas,
 * failures as the one error family of src/net/errors.ts (NetworkError carrying OFFLINE_MESSAGE).
 */
export const OFFLINE_MESSAGE = '需要联网：用户管理和组织架构的更改直接提交到服务器，请联网后再试。';

export async function fetchUsers(): Promise<AdminUser[]> {
  const res = await apiJson(
    { method: 'GET', path: ADMIN_USERS_PATH, offlineMessage: OFFLINE_MESSAGE },
    usersResponseSchema,
  );
  return res.users;
}

export function createUser(req: CreateUserRequest): Promise<AdminUser> {
  return apiJson(
    { method: 'POST', path: ADMIN_USERS_PATH, json: req, offlineMessage: OFFLINE_MESSAGE },
    adminUserSchema,
  );
}

export function updateUser(id: string, patch: UpdateUserRequest): Promise<AdminUser> {
  return apiJson(
    {
      method: 'PATCH',
      path: `${ADMIN_USERS_PATH}/${encodeURIComponent(id)}`,
      json: patch,
      offlineMessage: OFFLINE_MESSAGE,
    },
    adminUserSchema,
  );
}

export function fetchOrg(): Promise<OrgTree> {
  return apiJson({ method: 'GET', path: ADMIN_ORG_PATH, offlineMessage: OFFLINE_MESSAGE }, orgTreeSchema);
}

/**
 * Replaces the org tree on the server, then caches the accepted tree for this device's forms (the same
 * META.org row the sync layer refreshes), so new communities and teams show up without a reload.
 */
export async function saveOrg(tree: OrgTree): Promise<OrgTree> {
  const saved = await apiJson(
    { method: 'PUT', path: ADMIN_ORG_PATH, json: tree, offlineMessage: OFFLINE_MESSAGE },
    orgTreeSchema,
  );
  await setMeta(getDb(), META.org, saved).catch(() => undefined);
  return saved;
}

/** A user's devices (SPEC.md D4). */
export async function fetchDevices(userId: string): Promise<AdminDevice[]> {
  const res = await apiJson(
    { method: 'GET', path: devicesPath(userId), offlineMessage: OFFLINE_MESSAGE },
    devicesResponseSchema,
  );
  return res.devices;
}

/** 注销此设备 (SPEC.md D3): the device is wiped the next time it reaches the server, after its push. */
export function wipeDevice(userId: string, clientId: string): Promise<AdminDevice> {
  return apiJson(
    { method: 'POST', path: deviceWipePath(userId, clientId), offlineMessage: OFFLINE_MESSAGE },
    adminDeviceSchema,
  );
}
