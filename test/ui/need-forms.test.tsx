import { render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { chinaDate } from '../../src/model/dates.ts';
import type { Need } from '../../src/model/records/need.ts';
import { NeedForm } from '../../src/ui/needs/NeedFormScreen.tsx';
import { NeedStatusForm } from '../../src/ui/needs/NeedScreen.tsx';
import { newPerson } from '../fixtures/records.ts';
import { dropDevice, freshDevice } from './helpers.tsx';
import { choose, messagesOf, save, type } from './form-helpers.ts';

let db: ZoufangDB;
const actor = { userId: 'u-worker1' };

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  await dropDevice(db);
});

async function aNeed(): Promise<Need> {
  const p = await createRecord(db, 'person', newPerson(), actor);
  return createRecord(
    db,
    'need',
    {
      personId: p.id,
      communityId: p.communityId,
      category: '医疗健康',
      urgency: '较急',
      description: '住院费用困难',
      status: '登记',
      fundSource: null,
      amountGrantedFen: null,
      grantDate: null,
      declineReason: null,
      followUpDate: null,
      openedDate: chinaDate(),
      closedDate: null,
    },
    actor,
  );
}

describe('need form', () => {
  it('names the missing category and description', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    render(<NeedForm person={p} />);
    await screen.findByLabelText('困难类别');
    save();
    await screen.findByText('请选择困难类别');
    expect(messagesOf('困难描述')).toContain('请描述困难情况');
  });

  it('saves the need with its first history step 登记', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    render(<NeedForm person={p} />);
    await screen.findByLabelText('困难类别');
    choose('困难类别', '住房');
    type('困难描述', '房屋漏水');
    save();
    await waitFor(async () => expect(await db.needStep.count()).toBe(1));
    const [need] = await db.need.toArray();
    const [step] = await db.needStep.toArray();
    expect(need).toMatchObject({ status: '登记', category: '住房', personId: p.id });
    expect(step).toMatchObject({ needId: need?.id, from: null, to: '登记' });
  });
});

describe('need status change', () => {
  it('asks for a reason when the need is declined', async () => {
    const need = await aNeed();
    render(<NeedStatusForm need={need} />);
    await screen.findByLabelText('新状态');
    choose('新状态', '不予帮扶');
    save('更新状态');
    await screen.findByText('请填写不予帮扶的原因');
    expect(await db.needStep.count()).toBe(0);
  });

  it('asks for fund source, a 2-decimal amount and grant date when aided with a fund', async () => {
    const need = await aNeed();
    render(<NeedStatusForm need={need} />);
    await screen.findByLabelText('新状态');
    choose('新状态', '已帮扶');
    (await screen.findByRole('checkbox', { name: '使用帮扶基金' })).click();
    await screen.findByLabelText('帮扶金额（元）');
    type('帮扶金额（元）', '3000.001');
    save('更新状态');
    await screen.findByText('请选择资金来源');
    expect(messagesOf('帮扶金额（元）')).toContain('金额最多保留两位小数');
  });

  it('updates the need and appends a history step', async () => {
    const need = await aNeed();
    render(<NeedStatusForm need={need} />);
    await screen.findByLabelText('新状态');
    choose('新状态', '已帮扶');
    (await screen.findByRole('checkbox', { name: '使用帮扶基金' })).click();
    await screen.findByLabelText('资金来源');
    choose('资金来源', '坪山区退役军人关爱基金');
    type('帮扶金额（元）', '2000');
    save('更新状态');
    await screen.findByText('状态已改为“已帮扶”');
    const stored = await db.need.get(need.id);
    expect(stored).toMatchObject({
      status: '已帮扶',
      fundSource: '坪山区退役军人关爱基金',
      amountGrantedFen: 200000,
      grantDate: chinaDate(),
    });
    const steps = await db.needStep.toArray();
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ from: '登记', to: '已帮扶', amountFen: 200000 });
  });
});
