import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { PersonForm } from '../../src/ui/persons/PersonFormScreen.tsx';
import SettingsScreen from '../../src/ui/settings/SettingsScreen.tsx';
import { newPerson } from '../fixtures/records.ts';
import { COMMUNITY, dropDevice, freshDevice } from './helpers.tsx';
import { save, type, valueOf } from './form-helpers.ts';

let db: ZoufangDB;
const UNITS = [{ id: COMMUNITY, name: '六联社区', level: 'community' as const, parentId: '440310001000' }];

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  Reflect.deleteProperty(navigator, 'storage');
  await dropDevice(db);
});

describe('person edit', () => {
  it('opens with the stored values and queues only the changed field', async () => {
    const p = await createRecord(db, 'person', newPerson(), { userId: 'u-worker1' });
    render(<PersonForm units={UNITS} person={p} />);
    await screen.findByLabelText('住址');
    expect(valueOf('身份证号')).toBe('34052419800101001X');
    type('住址', '坪山区六联社区新路8号');
    save();
    await waitFor(async () => expect(await db.outbox.count()).toBe(2));
    const last = await db.outbox.orderBy('seq').last();
    expect(Object.keys(last?.fields ?? {}).sort()).toEqual(['address', 'updatedAt']);
  });
});

describe('settings', () => {
  it('shows the user, the storage used, whether persistence is granted, and the app version', async () => {
    Object.defineProperty(navigator, 'storage', {
      configurable: true,
      value: {
        estimate: () => Promise.resolve({ usage: 5 * 1024 * 1024, quota: 1024 * 1024 * 1024 }),
        persisted: () => Promise.resolve(false),
        persist: () => Promise.resolve(true),
      },
    });
    render(<SettingsScreen />);
    await screen.findByText('5.0 MB / 1024.0 MB');
    expect(screen.getByText('李社工')).toBeTruthy();
    expect(screen.getByText('社区工作者')).toBeTruthy();
    expect(screen.getByText('未获准')).toBeTruthy();
    expect(screen.getByText('应用版本').nextElementSibling?.textContent).toMatch(/\d+\.\d+\.\d+/);
    fireEvent.click(screen.getByRole('button', { name: '申请持久保存' }));
    await screen.findByText('已获准持久保存');
    expect(screen.getByRole('button', { name: '退出登录' })).toBeTruthy();
  });
});
