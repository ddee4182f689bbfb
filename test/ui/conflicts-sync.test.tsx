import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { newId } from '../../src/model/ids.ts';
import ConflictsScreen from '../../src/ui/conflicts/ConflictsScreen.tsx';
import SyncScreen from '../../src/ui/sync/SyncScreen.tsx';
import { newPerson } from '../fixtures/records.ts';
import { COMMUNITY, dropDevice, freshDevice, WORKER } from './helpers.tsx';

let db: ZoufangDB;
const STREET = {
  ...WORKER,
  user: { ...WORKER.user, id: 'u-street1', displayName: '王街道', role: 'street_staff' as const },
};

beforeEach(async () => {
  db = await freshDevice(STREET);
});
afterEach(async () => {
  await dropDevice(db);
});

/** A conflict as the server writes it and a pull stores it (server-created, _v > 0). */
async function aConflict(
  recordId: string,
  field = 'address',
  old = '六联社区旧路1号',
  applied = '六联社区新路8号',
) {
  const at = new Date().toISOString();
  const conflict = {
    id: newId(),
    createdAt: at,
    createdBy: 'server',
    updatedAt: at,
    kind: 'person',
    recordId,
    communityId: COMMUNITY,
    field,
    overwrittenValue: old,
    overwrittenBy: 'worker2',
    overwrittenVersion: 3,
    appliedValue: applied,
    appliedBy: 'worker1',
    appliedVersion: 4,
    resolution: null,
    resolvedBy: null,
    resolvedAt: null,
    _v: 5,
  };
  await db.conflict.put(conflict);
  return conflict;
}

describe('conflict review', () => {
  it('shows the field, both values and who wrote them', async () => {
    const p = await createRecord(db, 'person', newPerson({ address: '六联社区新路8号' }), { userId: 'w1' });
    await aConflict(p.id);
    render(<ConflictsScreen />);
    await screen.findByText(/六联社区新路8号/);
    expect(screen.getByText(/六联社区旧路1号（worker2）/)).toBeTruthy();
    await screen.findByRole('heading', { name: '张建国 · 住址' });
  });

  it('names the person, both writers by name and the time in China time; never the field key', async () => {
    const p = await createRecord(db, 'person', newPerson({ address: '六联社区新路8号' }), { userId: 'w1' });
    const c = await aConflict(p.id);
    await db.conflict.put({
      ...c,
      createdAt: '2026-12-01T17:05:00.000Z',
      overwrittenByName: '赵社工',
      appliedByName: '李社工',
    });
    render(<ConflictsScreen />);
    const card = (await screen.findByRole('heading', { name: '张建国 · 住址' })).closest('article');
    expect(card?.textContent).toContain('冲突时间 2026/12/02 01:05');
    expect(card?.textContent).toContain('六联社区新路8号（李社工）');
    expect(card?.textContent).toContain('六联社区旧路1号（赵社工）');
    expect(card?.textContent).not.toMatch(/address|worker[12]/);
  });

  it('恢复被覆盖的值 writes the old value back to the record and marks the conflict restored', async () => {
    const p = await createRecord(db, 'person', newPerson({ address: '六联社区新路8号' }), { userId: 'w1' });
    const c = await aConflict(p.id);
    render(<ConflictsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: '恢复被覆盖的值' }));
    await waitFor(async () => expect((await db.conflict.get(c.id))?.resolution).toBe('restored'));
    expect((await db.person.get(p.id))?.address).toBe('六联社区旧路1号');
    const queued = await db.outbox.where('recordId').equals(c.id).toArray();
    expect(queued[0]?.fields).toMatchObject({ resolution: 'restored', resolvedBy: '王街道' });
  });

  it('保留当前 only marks the conflict kept', async () => {
    const p = await createRecord(db, 'person', newPerson({ address: '六联社区新路8号' }), { userId: 'w1' });
    const c = await aConflict(p.id);
    render(<ConflictsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: '保留当前' }));
    await waitFor(async () => expect((await db.conflict.get(c.id))?.resolution).toBe('kept'));
    expect((await db.person.get(p.id))?.address).toBe('六联社区新路8号');
    await screen.findByText('没有待审核的冲突。');
  });
});

describe('conflict review privacy', () => {
  it('masks a conflicting mobile until 显示 is pressed', async () => {
    const p = await createRecord(db, 'person', newPerson({ mobile: '13812341234' }), { userId: 'w1' });
    await aConflict(p.id, 'mobile', '13900005678', '13812341234');
    render(<ConflictsScreen />);
    await screen.findByText(/139\*{4}5678/);
    expect(screen.queryByText(/13900005678/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '显示' }));
    await screen.findByText(/13900005678（worker2）/);
  });
});

describe('sync screen', () => {
  it('[C6] lists refused changes with their reason, a way to correct them and an export', async () => {
    const personId = newId();
    await db.rejected.add({
      seq: 4,
      mutationId: newId(),
      clientId: 'c1',
      kind: 'visit',
      recordId: newId(),
      op: 'put',
      fields: { situation: 'x', personId },
      baseVersion: 0,
      by: 'u-worker1',
      at: new Date().toISOString(),
      reason: 'forbidden',
      message: '该记录不在您的工作区域内',
      rejectedAt: new Date().toISOString(),
    });
    render(<SyncScreen />);
    await screen.findByText('原因：该记录不在您的工作区域内');
    expect(screen.getByRole('button', { name: '导出被拒绝的更改' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '查看并更正该记录' }).getAttribute('href')).toBe(
      `/persons/${personId}`,
    );
    expect(screen.getByRole('button', { name: '立即同步' })).toBeTruthy();
  });
});
