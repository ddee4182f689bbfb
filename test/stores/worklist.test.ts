import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord, deleteRecord, type NewRecord } from '../../src/db/repository.ts';
import { META, setMeta } from '../../src/db/meta.ts';
import { pingshanTree } from '../../src/model/org.ts';
import { DEFAULT_TRIGGERS } from '../../src/model/vocab.ts';
import { setDb } from '../../src/stores/db.ts';
import { setSession } from '../../src/stores/session.ts';
import { startWorklist, stopWorklist, worklistStore, type WorklistEntry } from '../../src/stores/worklist.ts';
import { applyPullPage } from '../../src/db/sync-store.ts';
import { syncStore } from '../../src/stores/sync-status.ts';
import { INITIAL_STATUS, type SyncPhase } from '../../src/sync/state.ts';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';
import { change, page, serverPerson } from '../db/pull-pages.ts';
import { validId, WORKER } from '../ui/helpers.tsx';

let db: ZoufangDB;
let n = 0;
const actor = { userId: 'u1' };
// Outside the 春节 (2027-02-06) and 八一 rounds: no holiday items.
const TODAY = '2026-11-28';

beforeEach(async () => {
  db = new ZoufangDB(`worklist-store-${++n}`);
  await db.open();
  setDb(db);
});
afterEach(async () => {
  stopWorklist();
  syncStore.setState({ status: INITIAL_STATUS });
  db.close();
  await db.delete();
});

/** The sync engine's phase as the store mirrors it. */
const phase = (p: SyncPhase) => syncStore.setState({ status: { ...INITIAL_STATUS, phase: p } });

/** Resolves with the list once a computation satisfies `check`. */
function until(check: (items: readonly WorklistEntry[]) => boolean): Promise<readonly WorklistEntry[]> {
  return new Promise((resolve) => {
    const test = () => {
      const s = worklistStore.getState();
      if (s.status === 'ready' && check(s.items)) {
        unsubscribe();
        resolve(s.items);
      }
    };
    const unsubscribe = worklistStore.subscribe(test);
    test();
  });
}

const keys = (items: readonly WorklistEntry[]) => items.map((i) => i.key);

function newNeed(personId: string, over: Partial<NewRecord<'need'>> = {}): NewRecord<'need'> {
  return {
    personId,
    communityId: '440310001001',
    category: '医疗健康',
    urgency: '一般',
    description: '住院费用负担重',
    status: '登记',
    fundSource: null,
    amountGrantedFen: null,
    grantDate: null,
    declineReason: null,
    followUpDate: '2026-11-25',
    openedDate: '2026-11-01',
    closedDate: null,
    ...over,
  };
}

describe('worklist store', () => {
  it('lists a 六必访 visit whose follow-up date has come, with its reason and community', async () => {
    const p = await createRecord(db, 'person', newPerson({ name: '张建国' }), actor);
    await createRecord(
      db,
      'visit',
      newVisit(p.id, {
        campaign: '六必访',
        trigger: '生病住院',
        date: '2026-11-10',
        followUpDate: '2026-11-20',
      }),
      actor,
    );
    startWorklist({ today: () => TODAY });
    const [item] = await until((items) => items.length > 0);
    expect(item).toMatchObject({
      kind: 'trigger',
      personId: p.id,
      personName: '张建国',
      communityName: '坪山街道 · 六联社区',
    });
    expect(item?.reason).toContain('生病住院');
    expect(item?.reason).toContain('已逾期8天');
    expect(worklistStore.getState()).toMatchObject({ today: TODAY, counts: { trigger: 1, quarterly: 0 } });
  });

  it('a visit saved through the repository clears the person from the list', async () => {
    const p = await createRecord(
      db,
      'person',
      newPerson({ name: '王秀英', contactTier: '重点联系', idNumber: validId('44031019681212001') }),
      actor,
    );
    startWorklist({ today: () => TODAY });
    expect(keys(await until((items) => items.length === 2))).toEqual([
      `quarterly:${p.id}`,
      `homeVisit:${p.id}`,
    ]);
    await createRecord(db, 'visit', newVisit(p.id, { date: TODAY, method: '入户走访' }), actor);
    expect(await until((items) => items.length === 0)).toEqual([]);
    expect(worklistStore.getState().counts.quarterly).toBe(0);
  });

  it('a phone call clears the quarterly contact but not the yearly home visit', async () => {
    const p = await createRecord(db, 'person', newPerson({ contactTier: '重点联系' }), actor);
    startWorklist({ today: () => TODAY });
    await until((items) => items.length === 2);
    await createRecord(db, 'visit', newVisit(p.id, { date: TODAY, method: '电话' }), actor);
    expect(keys(await until((items) => items.length === 1))).toEqual([`homeVisit:${p.id}`]);
  });

  it('an open need past its follow-up date names the need; deleting the need clears it', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const need = await createRecord(db, 'need', newNeed(p.id), actor);
    startWorklist({ today: () => TODAY });
    const [item] = await until((items) => items.length === 1);
    expect(item).toMatchObject({ kind: 'need', needId: need.id });
    expect(item?.reason).toContain('医疗健康');
    await deleteRecord(db, 'need', need.id, actor);
    expect(await until((items) => items.length === 0)).toEqual([]);
  });

  it('starting again on a later day recomputes for that day', async () => {
    let today = '2026-11-15';
    const p = await createRecord(db, 'person', newPerson(), actor);
    await createRecord(
      db,
      'visit',
      newVisit(p.id, { date: '2026-11-10', followUpDate: '2026-11-20' }),
      actor,
    );
    startWorklist({ today: () => today });
    await until(() => worklistStore.getState().today === '2026-11-15');
    expect(worklistStore.getState().items).toEqual([]);
    today = TODAY;
    startWorklist();
    expect(keys(await until((items) => items.length === 1))).toEqual([`followUp:${p.id}`]);
  });

  it('keeps the last list when the device cannot be read, and retries when the screen opens again', async () => {
    const p = await createRecord(db, 'person', newPerson({ contactTier: '重点联系' }), actor);
    startWorklist({ today: () => TODAY });
    await until((items) => items.length === 2);
    // This connection closes; a write through another one (another tab, say) asks for a recompute.
    db.close();
    const other = new ZoufangDB(db.name);
    await createRecord(other, 'visit', newVisit(p.id, { date: TODAY, method: '电话' }), actor);
    other.close();
    await new Promise<void>((resolve) => {
      const off = worklistStore.subscribe((s) => {
        if (s.status === 'error') {
          off();
          resolve();
        }
      });
    });
    expect(worklistStore.getState()).toMatchObject({ error: '无法计算待访清单，请稍后重试' });
    expect(worklistStore.getState().items).toHaveLength(2);
    await db.open();
    startWorklist();
    expect(keys(await until((items) => items.length === 1))).toEqual([`homeVisit:${p.id}`]);
    expect(worklistStore.getState().error).toBeNull();
  });

  it('drops the list when the user signs out', async () => {
    setSession(WORKER);
    await createRecord(db, 'person', newPerson({ contactTier: '重点联系' }), actor);
    startWorklist({ today: () => TODAY });
    await until((items) => items.length === 2);
    setSession(null);
    expect(worklistStore.getState()).toMatchObject({ status: 'idle', items: [] });
  });

  it('uses the 六必访 list of the org tree the device cached, and says which list it used', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    // A 大走访 visit that names a label: 六必访 only where the district lists that label.
    const visit = newVisit(p.id, { trigger: '老兵生日', date: '2026-11-10', followUpDate: '2026-11-20' });
    await createRecord(db, 'visit', visit, actor);
    startWorklist({ today: () => TODAY });
    expect((await until((items) => items.length === 1))[0]?.kind).toBe('followUp');
    expect(worklistStore.getState().triggers).toEqual(DEFAULT_TRIGGERS);
    stopWorklist();

    await setMeta(db, META.org, { ...pingshanTree(), visitTriggers: ['重大节日', '老兵生日'] });
    startWorklist({ today: () => TODAY });
    expect((await until((items) => items.length === 1))[0]?.kind).toBe('trigger');
    expect(worklistStore.getState().triggers).toEqual(['重大节日', '老兵生日']);
  });

  it('a new 六必访 list arriving with the org tree recomputes the open list, without a record change', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    const visit = newVisit(p.id, { trigger: '老兵生日', date: '2026-11-10', followUpDate: '2026-11-20' });
    await createRecord(db, 'visit', visit, actor);
    startWorklist({ today: () => TODAY });
    expect((await until((items) => items.length === 1))[0]?.kind).toBe('followUp');

    await setMeta(db, META.org, { ...pingshanTree(), visitTriggers: ['重大节日', '老兵生日'] });
    expect((await until((items) => items[0]?.kind === 'trigger'))[0]?.personId).toBe(p.id);
    expect(worklistStore.getState().triggers).toEqual(['重大节日', '老兵生日']);
  });

  it('a pull holds the list on screen through its pages and recomputes it once when it ends', async () => {
    await createRecord(
      db,
      'person',
      newPerson({ name: '王秀英', contactTier: '重点联系', idNumber: validId('44031019681212001') }),
      actor,
    );
    startWorklist({ today: () => TODAY });
    await until((items) => items.length === 2);
    phase({ kind: 'pulling', received: 0, total: null });
    let computed = 0;
    const off = worklistStore.subscribe(() => computed++);
    // Two pages of 60 重点联系 persons (bulk writes: Dexie reports them as a range, not keys).
    for (const p of [1, 2]) {
      const persons = Array.from({ length: 60 }, (_, i) => ({
        ...serverPerson(COMMUNITY, `对象${p}-${i}`),
        contactTier: '重点联系' as const,
      }));
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
    expect(computed).toBe(0);
    expect(worklistStore.getState().items).toHaveLength(2);
    phase({ kind: 'synced' });
    expect(await until((items) => items.length === 2 + 2 * 120)).toHaveLength(242);
    off();
    expect(computed).toBe(1);
  });
});
