import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { stopPersonIndex } from '../../src/stores/persons.ts';
import PersonListScreen from '../../src/ui/persons/PersonListScreen.tsx';
import PersonScreen from '../../src/ui/persons/PersonScreen.tsx';
import { newPerson } from '../fixtures/records.ts';
import { dropDevice, freshDevice, validId } from './helpers.tsx';

const LI_ID = validId('44031019750315002');
const WANG_ID = validId('44031019681212001');

let db: ZoufangDB;
const actor = { userId: 'u-worker1' };

beforeEach(async () => {
  stopPersonIndex();
  db = await freshDevice();
  await createRecord(db, 'person', newPerson({ idNumber: '34052419800101001X' }), actor);
  await createRecord(
    db,
    'person',
    newPerson({ name: '李红梅', sex: '女', idNumber: LI_ID, mobile: '13900005678' }),
    actor,
  );
});
afterEach(async () => {
  stopPersonIndex();
  await dropDevice(db);
});

function list() {
  return within(screen.getByRole('region', { name: '服务对象列表' }));
}

describe('person list', () => {
  it('masks ID numbers and mobiles in the list', async () => {
    render(<PersonListScreen />);
    await screen.findByText('张建国');
    expect(list().getByText(/340524\*{8}001X/)).toBeTruthy();
    expect(list().getByText(/138\*{4}1234/)).toBeTruthy();
    const text = screen.getByRole('region', { name: '服务对象列表' }).textContent ?? '';
    expect(text).not.toContain('34052419800101001X');
    expect(text).not.toContain('13812341234');
  });

  it('searches as the worker types: by name, by the last digits of ID number or mobile', async () => {
    render(<PersonListScreen />);
    await screen.findByText('张建国');
    const search = screen.getByLabelText('搜索服务对象');
    fireEvent.input(search, { target: { value: '红梅' } });
    await waitFor(() => expect(list().queryByText('张建国')).toBeNull());
    expect(list().getByText('李红梅')).toBeTruthy();
    fireEvent.input(search, { target: { value: '001x' } });
    await waitFor(() => expect(list().queryByText('李红梅')).toBeNull());
    expect(list().getByText('张建国')).toBeTruthy();
    fireEvent.input(search, { target: { value: '5678' } });
    await waitFor(() => expect(list().getByText('李红梅')).toBeTruthy());
    fireEvent.input(search, { target: { value: '无此人' } });
    await screen.findByText('没有找到符合条件的服务对象。');
  });

  it('shows a person created meanwhile without reloading (live index)', async () => {
    render(<PersonListScreen />);
    await screen.findByText('张建国');
    await createRecord(db, 'person', newPerson({ name: '王建军', idNumber: WANG_ID }), actor);
    await screen.findByText('王建军');
  });

  it('renders only the rows in view of a long list (virtualized)', async () => {
    const many = Array.from({ length: 600 }, (_, i) =>
      newPerson({ name: `对象${String(i).padStart(4, '0')}` }),
    );
    for (const p of many) await createRecord(db, 'person', p, actor);
    render(<PersonListScreen />);
    await screen.findByText('共 602 人', {}, { timeout: 10_000 });
    const rows = screen.getByRole('region', { name: '服务对象列表' }).querySelectorAll('li');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    // 600 saves, each its own transaction with its outbox entry: slow on a loaded machine, not a hang.
  }, 30_000);
});

describe('person page', () => {
  it('shows the ID number masked until 显示 is pressed', async () => {
    const p = await createRecord(
      db,
      'person',
      newPerson({ name: '赵四', idNumber: '34052419800101001X' }),
      actor,
    );
    render(<PersonScreen params={{ id: p.id }} query={new URLSearchParams()} />);
    await screen.findByRole('heading', { name: '赵四' });
    expect(screen.getByText('340524********001X')).toBeTruthy();
    expect(screen.queryByText('34052419800101001X')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '显示证件号和手机号' }));
    await screen.findByText('34052419800101001X');
    expect(screen.getByText('13812341234')).toBeTruthy();
  });
});
