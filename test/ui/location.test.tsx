import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { newId } from '../../src/model/ids.ts';
import { NeedForm } from '../../src/ui/needs/NeedFormScreen.tsx';
import { VisitForm } from '../../src/ui/visits/VisitFormScreen.tsx';
import { COMMUNITY, dropDevice, freshDevice } from './helpers.tsx';
import { choose, pick, save, type } from './form-helpers.ts';

let db: ZoufangDB;
const person = { id: newId(), name: '张建国', communityId: COMMUNITY };

/** How the stubbed device answers getCurrentPosition. */
type Answer = 'granted' | 'denied' | 'never';
let calls = 0;

function stubGeolocation(answer: Answer): void {
  const geo = {
    getCurrentPosition(ok: PositionCallback, fail?: PositionErrorCallback | null) {
      calls++;
      if (answer === 'granted') {
        ok({
          coords: { latitude: 22.7084, longitude: 114.3461, accuracy: 11.2 },
          timestamp: Date.parse('2026-12-01T08:00:00Z'),
        } as GeolocationPosition);
      } else if (answer === 'denied') {
        fail?.({
          code: 1,
          PERMISSION_DENIED: 1,
          POSITION_UNAVAILABLE: 2,
          TIMEOUT: 3,
        } as GeolocationPositionError);
      }
      // 'never': the permission prompt left unanswered — no callback at all.
    },
  };
  Object.defineProperty(navigator, 'geolocation', { value: geo, configurable: true });
}

beforeEach(async () => {
  calls = 0;
  localStorage.clear();
  db = await freshDevice();
});
afterEach(async () => {
  vi.useRealTimers();
  await dropDevice(db);
});

async function fillVisit() {
  render(<VisitForm person={person} />);
  await screen.findByLabelText('走访日期');
  pick('大走访');
}

const tick = (label = '记录位置') => fireEvent.click(screen.getByLabelText(label));

describe('记录位置 on a new record', () => {
  it('[S11] granted: the accuracy is shown and the visit saves with its location', async () => {
    stubGeolocation('granted');
    await fillVisit();
    tick();
    await screen.findByText('已获取位置（±12 米）');
    save();
    await waitFor(async () => expect(await db.visit.count()).toBe(1));
    const [v] = await db.visit.toArray();
    expect(v?.location).toEqual({
      status: 'ok',
      lat: 22.7084,
      lng: 114.3461,
      accuracyM: 12,
      at: '2026-12-01T08:00:00.000Z',
    });
    const [entry] = await db.outbox.toArray();
    expect(entry?.fields).toMatchObject({ location: { status: 'ok', accuracyM: 12 } });
  });

  it('[S11] denied: the visit saves at once with the location recorded as denied', async () => {
    stubGeolocation('denied');
    await fillVisit();
    tick();
    await screen.findByText('未记录位置（未获定位权限）');
    save();
    // waitFor gives up after 1 s: a save that waited for the 10 s timeout fails here.
    await waitFor(async () => expect(await db.visit.count()).toBe(1));
    const [v] = await db.visit.toArray();
    expect(v?.location).toEqual({ status: 'denied' });
  });

  it('[S11] no answer: the save waits for the timeout, no longer, then saves with status timeout', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] });
    stubGeolocation('never');
    await fillVisit();
    tick();
    expect(screen.getByTestId('location-status').textContent).toContain('正在获取位置');
    save();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(await db.visit.count()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_100);
    await waitFor(async () => expect(await db.visit.count()).toBe(1));
    const [v] = await db.visit.toArray();
    expect(v?.location).toEqual({ status: 'timeout' });
  });

  it('[S11] not ticked: nothing is asked and the visit has no location field', async () => {
    stubGeolocation('granted');
    await fillVisit();
    save();
    await waitFor(async () => expect(await db.visit.count()).toBe(1));
    const [v] = await db.visit.toArray();
    expect(v && 'location' in v).toBe(false);
    expect(calls).toBe(0);
  });

  it('[S11] the choice is remembered: the next form asks at save without a tap', async () => {
    stubGeolocation('granted');
    localStorage.setItem('zf.recordLocation', '1');
    render(<NeedForm person={person} />);
    await screen.findByLabelText('困难类别');
    choose('困难类别', '物质援助');
    pick('一般');
    type('困难描述', '独居，行动不便');
    save();
    await waitFor(async () => expect(await db.need.count()).toBe(1));
    const [n] = await db.need.toArray();
    expect(n?.location).toMatchObject({ status: 'ok', accuracyM: 12 });
    expect(await db.needStep.count()).toBe(1);
  });
});
