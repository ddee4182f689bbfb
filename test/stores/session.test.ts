import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { META, setMeta } from '../../src/db/meta.ts';
import { createRecord } from '../../src/db/repository.ts';
import { Dexie } from 'dexie';
import { getDb, setDb } from '../../src/stores/db.ts';
import {
  currentUser,
  reauthenticate,
  restoreSession,
  sessionStore,
  setAfterWipe,
  signIn,
  signOut,
} from '../../src/stores/session.ts';
import { login } from '../../src/stores/sync-wiring.ts';
import { newPerson } from '../fixtures/records.ts';

vi.mock('../../src/stores/sync-wiring.ts', () => ({
  // As the real session manager: a login caches the session in the device database.
  login: vi.fn(async (username: string) => {
    if (username !== 'worker1' && username !== 'worker2') {
      return { ok: false, reason: 'unauthenticated', message: '用户名或密码不正确' };
    }
    const session = {
      token: 't',
      expiresAt: '2099-01-01',
      user: {
        id: username === 'worker1' ? 'u1' : 'u2',
        username,
        displayName: username === 'worker1' ? '李社工' : '王社工',
        role: 'community_worker',
        unitId: 'c',
        teamId: null,
      },
    };
    const stores = await import('../../src/stores/db.ts');
    await stores.getDb().meta.put({ key: 'session', value: session });
    return { ok: true, session };
  }),
  // As the real session manager: the cached session is forgotten (the server is told, not modelled here).
  logout: vi.fn(async () => {
    const stores = await import('../../src/stores/db.ts');
    await stores.getDb().meta.delete('session');
  }),
}));

let db: ZoufangDB;
let n = 0;
let reloads = 0;
beforeEach(async () => {
  db = new ZoufangDB(`session-test-${++n}`);
  await db.open();
  setDb(db);
  sessionStore.setState({ status: 'unknown' }, true);
  reloads = 0;
  setAfterWipe(() => reloads++);
  vi.mocked(login).mockClear();
});
afterEach(async () => {
  const current = getDb();
  current.close();
  await Dexie.delete(current.name);
  await Dexie.delete(db.name);
});

describe('session store', () => {
  it('starts signed in on a cached session, with no network needed', async () => {
    await setMeta(db, META.session, {
      token: 't',
      expiresAt: '2000-01-01',
      user: {
        id: 'u1',
        username: 'worker1',
        displayName: '李社工',
        role: 'community_worker',
        unitId: 'c',
        teamId: null,
      },
    });
    await restoreSession();
    expect(sessionStore.getState().status).toBe('signed-in');
    expect(currentUser()?.displayName).toBe('李社工');
  });

  it('starts signed out without a cached session, and ignores a malformed one', async () => {
    await restoreSession();
    expect(sessionStore.getState().status).toBe('signed-out');
    await setMeta(db, META.session, { token: 1 });
    await restoreSession();
    expect(sessionStore.getState().status).toBe('signed-out');
  });

  it('a failed login says why and stays signed out', async () => {
    expect(await signIn('nobody', 'x')).toBe(false);
    expect(sessionStore.getState()).toEqual({
      status: 'signed-out',
      error: '用户名或密码不正确',
      holder: null,
    });
  });

  it('[C9] [D1] a logout with unsynced changes is refused and keeps the outbox and the records', async () => {
    expect(await signIn('worker1', 'pw')).toBe(true);
    await createRecord(db, 'person', newPerson(), { userId: 'u1' });
    const result = await signOut();
    expect(result).toMatchObject({ ok: false, holdings: { pending: 1, rejected: 0, drafts: 0 } });
    expect(result.ok ? '' : result.summary).toBe('1 条未同步的更改');
    expect(sessionStore.getState().status).toBe('signed-in');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.person.count()).toBe(1);
    // Discarding is for drafts and refused changes only: unsynced changes still refuse.
    expect((await signOut({ discard: true })).ok).toBe(false);
    expect(await Dexie.exists(db.name)).toBe(true);
  });

  it('[D1] a logout with nothing unsynced deletes the whole database and reloads', async () => {
    expect(await signIn('worker1', 'pw')).toBe(true);
    await createRecord(db, 'person', newPerson(), { userId: 'u1' });
    await db.outbox.clear(); // as after a sync
    expect(await signOut()).toEqual({ ok: true });
    expect(sessionStore.getState().status).toBe('signed-out');
    expect(await Dexie.exists(db.name)).toBe(false);
    expect(reloads).toBe(1);
    // The next start-up finds no database and does not make one.
    await restoreSession();
    expect(sessionStore.getState().status).toBe('signed-out');
    expect(await Dexie.exists(db.name)).toBe(false);
  });

  it('[D1] drafts refuse a logout unless explicitly discarded', async () => {
    expect(await signIn('worker1', 'pw')).toBe(true);
    await db.drafts.put({ key: 'visit:new', form: 'visit', values: { note: '走访' }, savedAt: '2024-01-01' });
    const refused = await signOut();
    expect(refused.ok ? '' : refused.summary).toBe('1 份未保存的草稿');
    expect(await Dexie.exists(db.name)).toBe(true);
    expect(await signOut({ discard: true })).toEqual({ ok: true });
    expect(await Dexie.exists(db.name)).toBe(false);
  });

  it("[D2] another account cannot log in over a worker's unsynced changes; the same worker can", async () => {
    expect(await signIn('worker1', 'pw')).toBe(true);
    await createRecord(db, 'person', newPerson(), { userId: 'u1' });
    // The session expires (C9): 重新登录 shows the login screen naming the holder.
    await reauthenticate();
    expect(sessionStore.getState()).toMatchObject({
      status: 'signed-out',
      holder: { username: 'worker1', displayName: '李社工', summary: '1 条未同步的更改' },
    });
    expect(await signIn('worker2', 'pw')).toBe(false);
    const state = sessionStore.getState();
    expect(state.status === 'signed-out' ? state.error : '').toContain('只有该用户可以在本机登录');
    expect(login).not.toHaveBeenCalledWith('worker2', 'pw');
    expect(await db.outbox.count()).toBe(1);
    expect(await signIn('worker1', 'pw')).toBe(true);
    expect(await db.outbox.count()).toBe(1);
  });

  it("[D2] another account logging in over a worker's synced data starts on an empty database", async () => {
    expect(await signIn('worker1', 'pw')).toBe(true);
    await createRecord(db, 'person', newPerson(), { userId: 'u1' });
    await db.outbox.clear();
    await reauthenticate();
    expect(sessionStore.getState()).toMatchObject({ status: 'signed-out', holder: null });
    expect(await signIn('worker2', 'pw')).toBe(true);
    expect(await Dexie.exists(db.name)).toBe(true); // made anew by worker2's login
    const fresh = getDb();
    expect(fresh).not.toBe(db);
    expect(await fresh.person.count()).toBe(0);
    expect(reloads).toBe(1);
  });

  it('[D2] a database left without a session by an older logout: only the author of its queue may log in', async () => {
    await createRecord(db, 'person', newPerson(), { userId: 'u1' });
    expect(await signIn('worker2', 'pw')).toBe(false);
    const state = sessionStore.getState();
    expect(state.status === 'signed-out' ? state.error : '').toContain('只有该用户可以在本机登录');
    expect(await db.meta.get('session')).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
    expect(await signIn('worker1', 'pw')).toBe(true);
    expect(await db.outbox.count()).toBe(1);
  });

  it('[D2] a database left without a session and nothing held is deleted before another login', async () => {
    await createRecord(db, 'person', newPerson(), { userId: 'u1' });
    await db.outbox.clear();
    expect(await signIn('worker2', 'pw')).toBe(true);
    expect(await getDb().person.count()).toBe(0);
    expect(reloads).toBe(1);
  });
});
