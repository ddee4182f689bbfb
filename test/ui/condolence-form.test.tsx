import { render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { addDays, chinaDate } from '../../src/model/dates.ts';
import { newId } from '../../src/model/ids.ts';
import { CondolenceForm } from '../../src/ui/condolences/CondolenceFormScreen.tsx';
import { COMMUNITY, dropDevice, freshDevice } from './helpers.tsx';
import { choose, messagesOf, pick, save, type, valueOf } from './form-helpers.ts';

let db: ZoufangDB;
const person = { id: newId(), name: '张建国', communityId: COMMUNITY };
const UNITS = [{ id: COMMUNITY, name: '六联社区', level: 'community' as const, parentId: '440310001000' }];

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  await dropDevice(db);
});

describe('condolence form', () => {
  it('refuses money with three decimals beside 慰问金（元） and keeps the typed amount', async () => {
    render(<CondolenceForm person={person} units={UNITS} />);
    await screen.findByLabelText('慰问金（元）');
    type('慰问金（元）', '500.123');
    save();
    await screen.findByText('金额最多保留两位小数');
    expect(messagesOf('慰问金（元）')).toContain('金额最多保留两位小数');
    expect(valueOf('慰问金（元）')).toBe('500.123');
  });

  it('names the missing occasion and level, and refuses a future date', async () => {
    render(<CondolenceForm person={person} units={UNITS} />);
    await screen.findByLabelText('慰问日期');
    type('慰问日期', addDays(chinaDate(), 3));
    save();
    await screen.findByText('请选择慰问事由');
    expect(screen.getByText('请选择慰问层级')).toBeTruthy();
    expect(screen.getByText('慰问日期不能晚于今天')).toBeTruthy();
  });

  it('asks what the goods were when their value is given', async () => {
    render(<CondolenceForm person={person} units={UNITS} />);
    await screen.findByLabelText('物资价值（元）');
    type('物资价值（元）', '200');
    save();
    await screen.findByText('填写了物资价值，请写明物资内容');
  });

  it('stores cash in integer fen', async () => {
    render(<CondolenceForm person={person} units={UNITS} />);
    await screen.findByLabelText('慰问事由');
    choose('慰问事由', '八一');
    pick('街道');
    type('慰问金（元）', '1,000.5');
    save();
    await waitFor(async () => expect(await db.condolence.count()).toBe(1));
    const [c] = await db.condolence.toArray();
    expect(c).toMatchObject({
      cashFen: 100050,
      goodsValueFen: 0,
      occasion: '八一',
      level: '街道',
      personId: person.id,
    });
  });

  it('asks for the unit name on a condolence to a unit', async () => {
    render(<CondolenceForm person={null} units={UNITS} />);
    await screen.findByLabelText('慰问单位');
    save();
    await screen.findByText('请填写慰问单位');
  });
});
