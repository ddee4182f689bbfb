import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
afterEach(async () => {
  await dropDevice(db);
});

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

  it('[S6] hides 修改 and 作废 on a colleague’s visit and says who may', async () => {
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
});
