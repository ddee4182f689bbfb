import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { META, setMeta } from '../../src/db/meta.ts';
import { createRecord } from '../../src/db/repository.ts';
import { getCursor, rejectMutation } from '../../src/db/sync-store.ts';
import { dropDb, openDb } from './helpers.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';

const actor = { userId: 'u-worker1' };
let db: ZoufangDB;
beforeEach(async () => {
  db = await openDb();
});
afterEach(async () => {
  await dropDb(db);
});

describe('sync store', () => {
  it('[C6][C10] a refused change is kept, its local row dropped and the cursor reset, in one step', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const v = await createRecord(db, 'visit', newVisit(p.id), actor);
    await setMeta(db, META.cursor, 'somewhere');
    expect(await rejectMutation(db, 2, 'forbidden', '不在您的辖区')).toBe(true);
    expect(await db.visit.get(v.id)).toBeUndefined();
    expect(await db.person.get(p.id)).toBeDefined();
    expect(await getCursor(db)).toBeNull();
    expect(await db.rejected.toArray()).toMatchObject([{ recordId: v.id, reason: 'forbidden' }]);
    expect(await rejectMutation(db, 9, 'forbidden', 'x')).toBe(false);
  });
});
