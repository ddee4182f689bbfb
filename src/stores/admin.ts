import { z } from 'zod';
import { META, setMeta } from '../db/meta.ts';
import type { OrgTree } from '../model/org.ts';
import {
  adminUserSchema,
  type AdminUser,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '../protocol/admin.ts';
import { orgTreeSchema } from '../protocol/auth.ts';
import { errorBodySchema } from '../protocol/errors.ts';
import { getDb } from './db.ts';
import { sessionStore } from './session.ts';

/**
 * Client of the district admin's API (/api/admin/users, /api/admin/org). Unlike records, admin changes are
 * never queued: they act on accounts and the org tree at once, so they need the network and say so.
 * Every response is checked with the shared schemas; every failure becomes an AdminError.
 */

/** Why an admin call failed: a server reason (src/protocol/errors.ts), or no network / a bad answer. */
export type AdminFailure = z.infer<typeof errorBodySchema>['error']['reason'] | 'offline' | 'bad_response';

export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    readonly reason: AdminFailure,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const OFFLINE_MESSAGE = '需要联网：用户管理和组织架构的更改直接提交到服务器，请联网后再试。';

const isOffline = () => typeof navigator !== 'undefined' && !navigator.onLine;

function token(): string {
  const s = sessionStore.getState();
  if (s.status !== 'signed-in') throw new AdminError('unauthenticated', '请先登录');
  return s.session.token;
}

/**
 * One authenticated request to the server: the session token, no cache, and a failed fetch (or a device
 * offline) as AdminError('offline', offlineMessage). A non-2xx answer becomes the server's AdminError.
 * Exported for the other direct-to-server admin clients (import, export) so they share this one path.
 */
export async function adminFetch(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  init: {
    headers?: Record<string, string>;
    body?: BodyInit;
    offlineMessage?: string;
    /** Give up after this long and treat it as offline (a weak signal hangs rather than fails). */
    timeoutMs?: number;
  } = {},
): Promise<Response> {
  const offlineMessage = init.offlineMessage ?? OFFLINE_MESSAGE;
  if (isOffline()) throw new AdminError('offline', offlineMessage);
  const headers: Record<string, string> = { ...init.headers, authorization: `Bearer ${token()}` };
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      cache: 'no-store',
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(init.timeoutMs !== undefined ? { signal: AbortSignal.timeout(init.timeoutMs) } : {}),
    });
  } catch {
    // Important: navigator.onLine stays true when only the server is gone; a failed fetch is "offline" too.
    throw new AdminError('offline', offlineMessage);
  }
  if (!res.ok) {
    const json: unknown = await res.json().catch(() => null);
    const err = errorBodySchema.safeParse(json);
    if (err.success)
      throw new AdminError(err.data.error.reason, err.data.error.message, err.data.error.details);
    throw new AdminError('bad_response', `服务器出错（${res.status}），请稍后重试`);
  }
  return res;
}

/** A 2xx answer's JSON, checked with `schema`. */
export async function readAdminJson<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  const json: unknown = await res.json().catch(() => null);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AdminError('bad_response', '服务器的回答格式不正确');
  return parsed.data;
}

async function call<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  const res = await adminFetch(
    method,
    path,
    body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
  );
  return readAdminJson(res, schema);
}

export function toAdminError(e: unknown): AdminError {
  return e instanceof AdminError ? e : new AdminError('bad_response', '操作失败，请重试');
}

const usersResponseSchema = z.object({ users: z.array(adminUserSchema) });

export async function fetchUsers(): Promise<AdminUser[]> {
  return (await call('GET', '/api/admin/users', usersResponseSchema)).users;
}

export function createUser(req: CreateUserRequest): Promise<AdminUser> {
  return call('POST', '/api/admin/users', adminUserSchema, req);
}

export function updateUser(id: string, patch: UpdateUserRequest): Promise<AdminUser> {
  return call('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, adminUserSchema, patch);
}

export function fetchOrg(): Promise<OrgTree> {
  return call('GET', '/api/admin/org', orgTreeSchema);
}

/**
 * Replaces the org tree on the server, then caches the accepted tree for this device's forms (the same
 * META.org row the sync layer refreshes), so new communities and teams show up without a reload.
 */
export async function saveOrg(tree: OrgTree): Promise<OrgTree> {
  const saved = await call('PUT', '/api/admin/org', orgTreeSchema, tree);
  await setMeta(getDb(), META.org, saved).catch(() => undefined);
  return saved;
}
