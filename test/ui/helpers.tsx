import { idCheckChar } from '../../src/model/id-number.ts';
import { ZoufangDB } from '../../src/db/database.ts';
import { setDb } from '../../src/stores/db.ts';
import { setSession } from '../../src/stores/session.ts';
import type { Session } from '../../src/stores/session-api.ts';

export const COMMUNITY = '440310001001';

export const WORKER: Session = {
  token: 'test-token',
  expiresAt: '2099-01-01T00:00:00.000Z',
  user: {
    id: 'u-worker1',
    username: 'worker1',
    displayName: '李社工',
    role: 'community_worker',
    unitId: COMMUNITY,
    teamId: null,
  },
};

let n = 0;

/** A fresh device database (fake-indexeddb) and a signed-in community worker. */
export async function freshDevice(session: Session | null = WORKER): Promise<ZoufangDB> {
  const db = new ZoufangDB(`ui-test-${Date.now()}-${++n}`);
  await db.open();
  setDb(db);
  setSession(session);
  return db;
}

export async function dropDevice(db: ZoufangDB): Promise<void> {
  db.close();
  await db.delete();
}

/** A valid resident ID number from its first 17 digits. */
export function validId(first17: string): string {
  return first17 + idCheckChar(first17);
}
