import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordHistory } from '../../src/protocol/record-history.ts';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import RecordScreen from '../../src/ui/records/RecordScreen.tsx';
import { VisitForm } from '../../src/ui/visits/VisitFormScreen.tsx';
import { newPerson, newVisit } from '../fixtures/records.ts';
import { save, type, valueOf } from './form-helpers.ts';
import { WORKER, dropDevice, freshDevice } from './helpers.tsx';

let db: ZoufangDB;
const me = { userId: WORKER.user.id };

beforeEach(async () => {
  db = await freshDevice();
  serverAnswers('unreachable');
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await dropDevice(db);
});

/** The server's answer to the history request, as GET /api/records/:id/history gives it. */
function serverAnswers(history: RecordHistory | 'unreachable'): string[] {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      asked.push(url);
      if (history === 'unreachable') return Promise.reject(new TypeError('Failed to fetch'));
      return Promise.resolve(
        new Response(JSON.stringify(history), { headers: { 'content-type': 'application/json' } }),
      );
    }),
  );
  return asked;
}

async function aVisit(by = me) {
  const p = await createRecord(db, 'person', newPerson({ name: '王守国' }), me);
  const v = await createRecord(db, 'visit', newVisit(p.id, { visitors: '李社工' }), by);
  return { p, v };
}

function open(kind: string, id: string) {
  render(<RecordScreen params={{ kind, id }} query={new URLSearchParams()} />);
}

describe('the record screen', () => {
  it('shows a visit by its form labels, with the person, 修改 and 作废 for its author', async () => {
    const { v } = await aVisit();
    open('visit', v.id);
    await screen.findByRole('heading', { name: '走访记录 · 王守国' });
    expect(screen.getByText('走访人员').nextElementSibling?.textContent).toBe('李社工');
    expect(screen.getByRole('link', { name: '修改' }).getAttribute('href')).toBe(
      `/records/visit/${v.id}/edit`,
    );
    expect(screen.getByRole('button', { name: '作废' })).toBeTruthy();
  });

  it('[S10] hides 修改 and 作废 on a colleague’s visit and says who may', async () => {
    const { v } = await aVisit({ userId: 'u-worker2' });
    open('visit', v.id);
    await screen.findByText('只有记录人或街道、区级工作人员可以修改或作废这条记录');
    expect(screen.queryByRole('link', { name: '修改' })).toBeNull();
    expect(screen.queryByRole('button', { name: '作废' })).toBeNull();
  });

  it('[R4] 作废 needs a reason, then keeps the record as 已作废 with it', async () => {
    const { v } = await aVisit();
    open('visit', v.id);
    fireEvent.click(await screen.findByRole('button', { name: '作废' }));
    save('确认作废');
    await screen.findByText('请填写作废原因');
    expect((await db.visit.get(v.id))?.voidedAt).toBeUndefined();
    type('作废原因', '走访对象录错了');
    save('确认作废');
    const notice = await screen.findByTestId('voided');
    expect(notice.textContent).toContain('已作废：走访对象录错了');
    const stored = await db.visit.get(v.id);
    expect(stored).toMatchObject({ voidReason: '走访对象录错了', voidedBy: WORKER.user.id });
    expect(screen.queryByRole('link', { name: '修改' })).toBeNull();
  });

  it('修改 opens the form prefilled and saves only the corrected field', async () => {
    const { p, v } = await aVisit();
    render(<VisitForm person={p} editing={v} />);
    await screen.findByRole('heading', { name: '修改走访记录 · 王守国' });
    expect(valueOf('走访人员')).toBe('李社工');
    type('走访人员', '李社工、张书记');
    save();
    await waitFor(async () => expect((await db.visit.get(v.id))?.visitors).toBe('李社工、张书记'));
    const stored = await db.visit.get(v.id);
    expect(stored?.date).toBe(v.date);
    const edits = (await db.outbox.toArray()).filter((e) => e.recordId === v.id && e.op === 'put');
    expect(Object.keys(edits.at(-1)?.fields ?? {}).filter((f) => f !== 'updatedAt')).toEqual(['visitors']);
  });

  it('[P18] shows the revisions: who by name, China time, the field by its label, old → new', async () => {
    const { v } = await aVisit();
    const asked = serverAnswers({
      recordId: v.id,
      kind: 'visit',
      createdBy: WORKER.user.id,
      createdByName: '李社工',
      createdAt: '2026-11-30T16:30:00.000Z',
      revisions: [
        {
          at: '2026-12-01T01:05:00.000Z',
          by: 'u-street1',
          byName: '王街道',
          version: 7,
          changes: [
            { field: 'visitors', from: '李社工', to: '李社工、张书记' },
            { field: 'voidedBy', from: null, to: 'u-street1' },
          ],
        },
      ],
    });
    open('visit', v.id);
    const list = await screen.findByTestId('revisions');
    expect(asked[0]).toContain(`/api/records/${v.id}/history`);
    expect(list.textContent).toContain('李社工 创建（2026/12/01 00:30）');
    expect(list.textContent).toContain('王街道 · 2026/12/01 09:05');
    expect(list.textContent).toContain('走访人员：李社工 → 李社工、张书记');
    expect(list.textContent).not.toContain('voidedBy');
    expect(list.textContent).not.toContain('u-street1');
  });

  it('[P18] offline, the record shows and its history says it needs the network', async () => {
    const { v } = await aVisit();
    serverAnswers('unreachable');
    open('visit', v.id);
    await screen.findByText('离线时看不到修改记录，联网后再打开此页。');
    expect(screen.getByText('走访人员').nextElementSibling?.textContent).toBe('李社工');
  });
});
