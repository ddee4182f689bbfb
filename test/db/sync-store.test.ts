import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { META, setMeta } from '../../src/db/meta.ts';
import { createRecord } from '../../src/db/repository.ts';
import { getCursor, getRefetchIds, rejectMutation } from '../../src/db/sync-store.ts';
import { dropDb, openDb } from '../sync/helpers.ts';
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
  it('[C6][C10] a refused change is kept, its local row dropped and its id queued for a refetch, in one step; the cursor stays', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const v = await createRecord(db, 'visit', newVisit(p.id), actor);
    await setMeta(db, META.cursor, 'somewhere');
    expect(await rejectMutation(db, 2, 'forbidden', '不在您的辖区')).toBe(true);
    expect(await db.visit.get(v.id)).toBeUndefined();
    expect(await db.person.get(p.id)).toBeDefined();
    expect(await getCursor(db)).toBe('somewhere');
    expect(await getRefetchIds(db, 10)).toEqual([v.id]);
    expect(await db.rejected.toArray()).toMatchObject([{ recordId: v.id, reason: 'forbidden' }]);
    expect(await rejectMutation(db, 9, 'forbidden', 'x')).toBe(false);
  });

  it('[C6][C10] the refusal is one transaction: a failure storing the refetch id undoes the move to rejected', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    db.meta.hook('creating', (key) => {
      if (key === META.refetch) throw new Error('simulated: quota exceeded');
    });
    await expect(rejectMutation(db, 1, 'forbidden', 'x')).rejects.toThrow();
    expect(await db.person.get(p.id)).toBeDefined();
    expect(await db.outbox.count()).toBe(1);
    expect(await db.rejected.count()).toBe(0);
  });
});
