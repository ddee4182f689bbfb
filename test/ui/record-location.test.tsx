import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import type { RecordLocation } from '../../src/model/records/location.ts';
import type { Session } from '../../src/stores/session-api.ts';
import RecordScreen from '../../src/ui/records/RecordScreen.tsx';
import { newPerson, newVisit } from '../fixtures/records.ts';
import { WORKER, dropDevice, freshDevice } from './helpers.tsx';

const STREET: Session = {
  ...WORKER,
  user: {
    ...WORKER.user,
    id: 'u-street1',
    username: 'street1',
    displayName: '街道王',
    role: 'street_staff',
    unitId: '440310001000',
  },
};
const PLACE: RecordLocation = {
  status: 'ok',
  lat: 22.7084,
  lng: 114.3461,
  accuracyM: 12,
  at: '2026-12-01T08:00:00.000Z',
};

let db: ZoufangDB;

afterEach(async () => {
  vi.unstubAllGlobals();
  await dropDevice(db);
});

async function openVisit(session: Session, location: RecordLocation | undefined): Promise<string> {
  db = await freshDevice(session);
  // The record screen asks the server for revisions: unreachable here.
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
  );
  const me = { userId: session.user.id };
  const p = await createRecord(db, 'person', newPerson({ name: '王守国' }), me);
  const v = await createRecord(db, 'visit', newVisit(p.id, location ? { location } : {}), me);
  await db.outbox.clear();
  render(<RecordScreen params={{ kind: 'visit', id: v.id }} query={new URLSearchParams()} />);
  await screen.findByRole('heading', { name: '走访记录 · 王守国' });
  return v.id;
}

describe('位置 on the record screen', () => {
  beforeEach(() => localStorage.clear());

  it('[S11] street staff reveal the place with its accuracy, and the reveal is queued for the audit log', async () => {
    const id = await openVisit(STREET, PLACE);
    const cell = screen.getByTestId('record-location');
    expect(cell.textContent).toContain('已记录位置');
    expect(cell.textContent).not.toContain('22.7');
    expect(await db.outbox.count()).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: '显示位置' }));
    await screen.findByText('22.708400, 114.346100（±12 米）');
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      kind: 'reveal',
      op: 'put',
      fields: { field: 'location', record: { kind: 'visit', id }, communityId: '440310001001' },
    });
  });

  it('[S11] a community worker — its author too — reads only that a place was recorded', async () => {
    await openVisit(WORKER, PLACE);
    expect(screen.getByTestId('record-location').textContent).toBe('已记录位置（仅街道、区级可见）');
    expect(screen.queryByRole('button', { name: '显示位置' })).toBeNull();
  });

  it('[S11] why no place was taken is shown to all', async () => {
    await openVisit(WORKER, { status: 'timeout' });
    expect(screen.getByTestId('record-location').textContent).toBe('未记录位置（定位超时）');
  });

  it('[S11] a record saved without the choice has no 位置 row', async () => {
    await openVisit(STREET, undefined);
    expect(screen.queryByTestId('record-location')).toBeNull();
  });
});
