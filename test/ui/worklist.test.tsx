import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { META, setMeta } from '../../src/db/meta.ts';
import { createRecord, type NewRecord } from '../../src/db/repository.ts';
import { pingshanTree } from '../../src/model/org.ts';
import { startWorklist, stopWorklist } from '../../src/stores/worklist.ts';
import { locationStore } from '../../src/ui/app/router.ts';
import WorklistScreen from '../../src/ui/worklist/WorklistScreen.tsx';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';
import { dropDevice, freshDevice, validId } from './helpers.tsx';

// Outside the 春节 (2027-02-06) and 八一 rounds: no holiday items.
const TODAY = '2026-11-28';
const actor = { userId: 'u-worker1' };
let db: ZoufangDB;

beforeEach(async () => {
  stopWorklist();
  db = await freshDevice();
  history.replaceState(null, '', '/worklist');
});
afterEach(async () => {
  stopWorklist();
  await dropDevice(db);
});

function newNeed(personId: string): NewRecord<'need'> {
  return {
    personId,
    communityId: COMMUNITY,
    category: '医疗健康',
    urgency: '一般',
    description: '住院费用负担重',
    status: '已转介',
    fundSource: null,
    amountGrantedFen: null,
    grantDate: null,
    declineReason: null,
    followUpDate: '2026-11-25',
    openedDate: '2026-11-01',
    closedDate: null,
  };
}

/** 张建国 with a 六必访 follow-up due, 王秀英 (重点联系) not contacted this year, 李红梅 with a need due. */
async function seed() {
  const zhang = await createRecord(db, 'person', newPerson({ name: '张建国' }), actor);
  await createRecord(
    db,
    'visit',
    newVisit(zhang.id, {
      campaign: '六必访',
      trigger: '生病住院',
      date: '2026-11-10',
      followUpDate: '2026-11-20',
    }),
    actor,
  );
  const wang = await createRecord(
    db,
    'person',
    newPerson({ name: '王秀英', contactTier: '重点联系', idNumber: validId('44031019681212001') }),
    actor,
  );
  const li = await createRecord(
    db,
    'person',
    newPerson({ name: '李红梅', sex: '女', idNumber: validId('44031019750315002') }),
    actor,
  );
  const need = await createRecord(db, 'need', newNeed(li.id), actor);
  return { zhang, wang, li, need };
}

function renderScreen(query = '') {
  startWorklist({ today: () => TODAY });
  return render(<WorklistScreen params={{}} query={new URLSearchParams(query)} />);
}

const list = () => within(screen.getByRole('region', { name: '待访对象列表' }));
const rowOf = (name: string) => {
  const row = list().getByText(name).closest('li');
  if (!row) throw new Error(`no row for ${name}`);
  return within(row);
};

describe('worklist screen', () => {
  it('shows each item with its person, community and reason, and counts by kind', async () => {
    await seed();
    renderScreen();
    await screen.findByText('按 2026-11-28 计算：共 4 项，涉及 3 人');
    const zhang = rowOf('张建国');
    expect(zhang.getByText('坪山街道 · 六联社区')).toBeTruthy();
    expect(zhang.getByText('六必访回访')).toBeTruthy();
    expect(zhang.getByText(/六必访「生病住院」：2026-11-10走访，约定2026-11-20回访，已逾期8天/)).toBeTruthy();
    expect(screen.getByLabelText('全部（4）')).toBeTruthy();
    expect(screen.getByLabelText('六必访回访（1）')).toBeTruthy();
    expect(screen.getByLabelText('季度联系（1）')).toBeTruthy();
    expect(screen.getByLabelText('年度入户走访（1）')).toBeTruthy();
    expect(screen.getByLabelText('困难帮扶待跟进（1）')).toBeTruthy();
    // Kinds with nothing due are left out of the filter.
    expect(screen.queryByLabelText(/诉求待登记/)).toBeNull();
  });

  it('links an item to its person, to the visit form, and a need item to its need', async () => {
    const { zhang, li, need } = await seed();
    renderScreen();
    await screen.findByText('张建国');
    expect(rowOf('张建国').getByText('张建国').closest('a')?.getAttribute('href')).toBe(
      `/persons/${zhang.id}`,
    );
    expect(rowOf('张建国').getByRole('link', { name: '记录走访：张建国' }).getAttribute('href')).toBe(
      `/persons/${zhang.id}/visit/new?from=worklist`,
    );
    expect(rowOf('张建国').queryByRole('link', { name: /查看困难需求/ })).toBeNull();
    expect(rowOf('李红梅').getByRole('link', { name: '查看困难需求：李红梅' }).getAttribute('href')).toBe(
      `/needs/${need.id}`,
    );
    fireEvent.click(rowOf('李红梅').getByRole('link', { name: '记录走访：李红梅' }));
    expect(locationStore.getState().path).toBe(`/persons/${li.id}/visit/new`);
    expect(locationStore.getState().query.get('from')).toBe('worklist');
  });

  it('filters by kind and keeps the filter in the address', async () => {
    await seed();
    renderScreen();
    await screen.findByText('张建国');
    fireEvent.click(screen.getByLabelText('困难帮扶待跟进（1）'));
    await waitFor(() => expect(list().queryByText('张建国')).toBeNull());
    expect(list().getByText('李红梅')).toBeTruthy();
    expect(list().queryByText('王秀英')).toBeNull();
    expect(location.search).toBe('?kind=need');
    fireEvent.click(screen.getByLabelText('全部（4）'));
    await waitFor(() => expect(list().getByText('张建国')).toBeTruthy());
    expect(location.search).toBe('');
  });

  it('keeps the chosen kind when its last item is visited, and says it is done', async () => {
    const { li } = await seed();
    renderScreen('kind=need');
    await screen.findByText('李红梅');
    await createRecord(db, 'visit', newVisit(li.id, { date: TODAY, method: '入户走访' }), actor);
    await screen.findByText('“困难帮扶待跟进”目前没有待走访的对象。');
    expect(screen.getByLabelText<HTMLInputElement>('困难帮扶待跟进（0）').checked).toBe(true);
    expect(screen.getByLabelText('全部（3）')).toBeTruthy();
  });

  it('opens on the kind named in the address', async () => {
    await seed();
    renderScreen('kind=quarterly');
    await screen.findByText('按 2026-11-28 计算：共 1 项，涉及 1 人');
    expect(list().getByText('王秀英')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('季度联系（1）').checked).toBe(true);
  });

  it('drops an item as soon as its visit is recorded', async () => {
    const { zhang } = await seed();
    renderScreen();
    await screen.findByText('张建国');
    await createRecord(db, 'visit', newVisit(zhang.id, { date: TODAY, method: '电话' }), actor);
    await waitFor(() => expect(list().queryByText('张建国')).toBeNull());
    expect(screen.getByText('按 2026-11-28 计算：共 3 项，涉及 2 人')).toBeTruthy();
  });

  it('says so when nobody is due', async () => {
    await createRecord(db, 'person', newPerson(), actor);
    renderScreen();
    await screen.findByText(/^目前没有待走访的对象/);
    expect(screen.queryByRole('region', { name: '待访对象列表' })).toBeNull();
  });

  it("explains the 六必访 rule with the district's list, and keeps a visit under a removed label on it", async () => {
    await setMeta(db, META.org, { ...pingshanTree(), visitTriggers: ['重大节日', '老兵生日'] });
    await seed();
    renderScreen();
    await screen.findByText('按 2026-11-28 计算：共 4 项，涉及 3 人');
    expect(screen.getByText('六必访情形：重大节日、老兵生日。')).toBeTruthy();
    // 张建国's visit was recorded under 生病住院, no longer in the list: still a 六必访 follow-up, label kept.
    expect(rowOf('张建国').getByText(/六必访「生病住院」/)).toBeTruthy();
  });
});
