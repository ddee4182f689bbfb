import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord, deleteRecord, updateRecord } from '../../src/db/repository.ts';
import { setDb } from '../../src/stores/db.ts';
import { personsStore, startPersonIndex, stopPersonIndex } from '../../src/stores/persons.ts';
import { applyPullPage } from '../../src/db/sync-store.ts';
import { syncStore } from '../../src/stores/sync-status.ts';
import { INITIAL_STATUS, type SyncPhase } from '../../src/sync/state.ts';
import { COMMUNITY, newPerson } from '../fixtures/records.ts';
import { change, page, serverPerson } from '../db/pull-pages.ts';

let db: ZoufangDB;
let n = 0;
const actor = { userId: 'u1' };

beforeEach(async () => {
  db = new ZoufangDB(`persons-store-${++n}`);
  await db.open();
  setDb(db);
});
afterEach(async () => {
  stopPersonIndex();
  syncStore.setState({ status: INITIAL_STATUS });
  db.close();
  await db.delete();
});

/** The sync engine's phase as the store mirrors it. */
const phase = (p: SyncPhase) => syncStore.setState({ status: { ...INITIAL_STATUS, phase: p } });

/** Resolves once the index satisfies `check`. */
function until(check: (names: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve) => {
    const test = () => {
      const names = personsStore
        .getState()
        .index?.all()
        .map((r) => r.name);
      if (names && check(names)) {
        unsubscribe();
        resolve(names);
      }
    };
    const unsubscribe = personsStore.subscribe(test);
    test();
  });
}

describe('persons store', () => {
  it('builds the index from the device and keeps it fresh on create, update and delete', async () => {
    const p = await createRecord(db, 'person', newPerson({ name: '张建国' }), actor);
    startPersonIndex();
    expect(await until((names) => names.length === 1)).toEqual(['张建国']);
    await updateRecord(db, 'person', p.id, { name: '张建军' }, actor);
    expect(await until((names) => names.includes('张建军'))).toEqual(['张建军']);
    await deleteRecord(db, 'person', p.id, actor);
    expect(await until((names) => names.length === 0)).toEqual([]);
  });

  it('starting twice keeps one subscription; stopping clears the index', async () => {
    startPersonIndex();
    startPersonIndex();
    await until(() => true);
    stopPersonIndex();
    expect(personsStore.getState().index).toBeNull();
  });
});

describe('persons store and the session', () => {
  it('drops the index when the user signs out', async () => {
    const { setSession } = await import('../../src/stores/session.ts');
    setSession({
      token: 't',
      expiresAt: '',
      user: {
        id: 'u1',
        username: 'w',
        displayName: 'w',
        role: 'community_worker',
        unitId: 'c',
        teamId: null,
      },
    });
    await createRecord(db, 'person', newPerson(), actor);
    startPersonIndex();
    await until((names) => names.length === 1);
    setSession(null);
    expect(personsStore.getState().index).toBeNull();
  });

  it('a pull keeps the index on screen through its pages and rebuilds it once when it ends', async () => {
    await createRecord(db, 'person', newPerson({ name: '张建国' }), actor);
    startPersonIndex();
    await until((names) => names.length === 1);
    phase({ kind: 'pulling', received: 0, total: null });
    let built = 0;
    const off = personsStore.subscribe(() => built++);
    for (const p of [1, 2]) {
      const persons = Array.from({ length: 60 }, (_, i) => serverPerson(COMMUNITY, `对象${p}-${i}`));
      await applyPullPage(
        db,
        page(
          persons.map((x) => change('person', x)),
          `c${p}`,
          { more: p === 1 },
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 400));
    expect(built).toBe(0);
    phase({ kind: 'synced' });
    expect(await until((names) => names.length === 121)).toHaveLength(121);
    off();
    expect(built).toBe(1);
  });
});
