import type { FastifyRequest } from 'fastify';
import { UUID_RE } from '../../model/ids.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { APP_VERSION_HEADER } from '../../protocol/version.ts';
import { authenticateFull, bearer, hashToken, toSessionUser } from '../auth/sessions.ts';
import { requireUser } from '../routes/guard.ts';
import type { Store } from '../storage/store.ts';

/** Who is syncing, from which device, and whether that device is to be wiped (SPEC.md D3, D4). */
export interface SyncCaller {
  readonly user: SessionUser;
  readonly clientId: string | null;
  readonly tokenHash: string | null;
  readonly wipe: boolean;
}

function clientIdOf(body: unknown): string | null {
  const id = typeof body === 'object' && body !== null ? (body as { clientId?: unknown }).clientId : null;
  return typeof id === 'string' && UUID_RE.test(id) ? id : null;
}

function appVersionOf(req: FastifyRequest): string | null {
  const v = req.headers[APP_VERSION_HEADER];
  return typeof v === 'string' && /^[\w.+-]{1,40}$/.test(v) ? v : null;
}

/**
 * The caller of a push or pull (D3): a device marked for wipe that presents the token it last synced with is
 * let through even when that session was ended (disable, password reset) or its user disabled, so it can push
 * what it holds; every other caller needs a live session (S5) and is recorded as a device of its user (D4).
 */
export async function syncCaller(store: Store, req: FastifyRequest, body: unknown): Promise<SyncCaller> {
  const clientId = clientIdOf(body);
  const token = bearer(req.headers.authorization);
  const tokenHash = token === null ? null : hashToken(token);
  if (clientId !== null && tokenHash !== null) {
    const device = await store.devices.get(clientId);
    if (
      device &&
      device.wipeRequestedAt !== null &&
      device.wipedAt === null &&
      device.tokenHash === tokenHash
    ) {
      const owner = await store.getUser(device.userId);
      if (owner) return { user: toSessionUser(owner), clientId, tokenHash, wipe: true };
    }
    // The owner signed in again on the marked device (after a password reset it must still choose a new
    // password, S5): the wipe comes first, the forced change would otherwise answer 403 and keep the data.
    if (device && device.wipeRequestedAt !== null && device.wipedAt === null) {
      const live = await authenticateFull(store, req.headers.authorization).catch(() => null);
      if (live && live.user.id === device.userId) return { user: live.user, clientId, tokenHash, wipe: true };
    }
  }
  const user = await requireUser(store, req);
  if (clientId === null || tokenHash === null) return { user, clientId, tokenHash, wipe: false };
  const device = await store.devices.see({
    clientId,
    userId: user.id,
    tokenHash,
    appVersion: appVersionOf(req),
    at: new Date(),
  });
  const wipe =
    device !== null &&
    device.userId === user.id &&
    device.wipeRequestedAt !== null &&
    device.wipedAt === null;
  return { user, clientId, tokenHash, wipe };
}

/**
 * Answers a device marked for wipe (D3) once it has pushed: the mark is done, the session it used is ended,
 * and the answer is 401 `device_wiped`, on which the app deletes its database.
 */
export async function answerWipe(store: Store, caller: SyncCaller): Promise<never> {
  if (caller.clientId !== null) await store.devices.markWiped(caller.clientId, new Date());
  if (caller.tokenHash !== null) await store.deleteSession(caller.tokenHash);
  await store.appendAudit([
    {
      userId: caller.user.id,
      action: 'device_wiped',
      kind: null,
      recordId: null,
      detail: { clientId: caller.clientId },
    },
  ]);
  throw new ProtocolError('device_wiped', '此设备已被注销，本机数据已清除，请重新登录');
}
