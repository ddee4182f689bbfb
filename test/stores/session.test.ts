import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { META, setMeta } from '../../src/db/meta.ts';
import { createRecord } from '../../src/db/repository.ts';
import { setDb } from '../../src/stores/db.ts';
import { currentUser, restoreSession, sessionStore, signIn, signOut } from '../../src/stores/session.ts';
import { newPerson } from '../fixtures/records.ts';

vi.mock('../../src/stores/sync-wiring.ts', () => ({
  login: vi.fn((username: string) =>
    Promise.resolve(
      username === 'worker1'
        ? {
            ok: true,
            session: {
              token: 't',
              expiresAt: '2099-01-01',
              user: {
                id: 'u1',
                username,
                displayName: '李社工',
                role: 'community_worker',
                unitId: 'c',
                teamId: null,
              },
            },
          }
        : { ok: false, reason: 'unauthenticated', message: '用户名或密码不正确' },
    ),
  ),
  logout: vi.fn(async () => {
    const { getDb } = await import('../../src/stores/db.ts');
    await getDb().meta.delete('session');
  }),
}));

let db: ZoufangDB;
let n = 0;
beforeEach(async () => {
  db = new ZoufangDB(`session-test-${++n}`);
  await db.open();
  setDb(db);
  sessionStore.setState({ status: 'unknown' }, true);
});
afterEach(async () => {
  db.close();
  await db.delete();
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
    expect(sessionStore.getState()).toEqual({ status: 'signed-out', error: '用户名或密码不正确' });
  });

  it('[C9] logging out keeps the outbox and the records', async () => {
    expect(await signIn('worker1', 'pw')).toBe(true);
    await createRecord(db, 'person', newPerson(), { userId: 'u1' });
    await signOut();
    expect(sessionStore.getState().status).toBe('signed-out');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.person.count()).toBe(1);
  });
});
