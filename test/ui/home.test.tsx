import { render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { addDays, chinaDate } from '../../src/model/dates.ts';
import { HomeScreen } from '../../src/ui/home/HomeScreen.tsx';
import { connectEngine } from '../../src/stores/sync-status.ts';
import { localStatusEngine } from './doubles/local-status-engine.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';
import { dropDevice, freshDevice } from './helpers.tsx';

let db: ZoufangDB;
let detach: () => void;
const actor = { userId: 'u-worker1' };

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  detach();
  await dropDevice(db);
});

function stat(label: string): string {
  const dt = screen.getByText(label);
  return dt.nextElementSibling?.textContent ?? '';
}

describe('home screen', () => {
  it("counts today's visits, due needs and changes not yet synced", async () => {
    const today = chinaDate();
    const p = await createRecord(db, 'person', newPerson(), actor);
    await createRecord(db, 'visit', newVisit(p.id, { date: today }), actor);
    await createRecord(db, 'visit', newVisit(p.id, { date: addDays(today, -3) }), actor);
    await createRecord(
      db,
      'need',
      {
        personId: p.id,
        communityId: p.communityId,
        category: '就业创业',
        urgency: '一般',
        description: '求职',
        status: '已转介',
        fundSource: null,
        amountGrantedFen: null,
        grantDate: null,
        declineReason: null,
        followUpDate: addDays(today, -1),
        openedDate: addDays(today, -10),
        closedDate: null,
      },
      actor,
    );
    const engine = localStatusEngine();
    detach = connectEngine(engine);
    engine.start();
    render(<HomeScreen />);
    await screen.findByRole('link', { name: /就业创业/ });
    expect(stat('今日走访')).toBe('1');
    expect(stat('到期待跟进需求')).toBe('1');
    await screen.findByText('4', { selector: 'dd' });
    expect(stat('未同步的更改')).toBe('4');
    engine.stop();
  });
});
