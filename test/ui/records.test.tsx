import { render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { chinaDate } from '../../src/model/dates.ts';
import RecordsScreen from '../../src/ui/records/RecordsScreen.tsx';
import { newPerson, newVisit } from '../fixtures/records.ts';
import { dropDevice, freshDevice } from './helpers.tsx';

let db: ZoufangDB;
const actor = { userId: 'u-worker1' };

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  await dropDevice(db);
});

function need(personId: string, communityId: string, urgency: '一般' | '紧急', status: '登记' | '已办结') {
  return {
    personId,
    communityId,
    category: '医疗健康' as const,
    urgency,
    description: `${urgency}需求`,
    status,
    fundSource: null,
    amountGrantedFen: null,
    grantDate: null,
    declineReason: null,
    followUpDate: null,
    openedDate: chinaDate(),
    closedDate: status === '已办结' ? chinaDate() : null,
  };
}

describe('records tab', () => {
  it('lists the latest records with their person, and open needs most urgent first', async () => {
    const p = await createRecord(db, 'person', newPerson(), actor);
    await createRecord(db, 'visit', newVisit(p.id), actor);
    await createRecord(db, 'need', need(p.id, p.communityId, '一般', '登记'), actor);
    await createRecord(db, 'need', need(p.id, p.communityId, '紧急', '登记'), actor);
    await createRecord(db, 'need', need(p.id, p.communityId, '一般', '已办结'), actor);
    render(<RecordsScreen params={{}} query={new URLSearchParams()} />);
    const heading = await screen.findByRole('heading', { name: '未办结的困难需求（2）' });
    const items = heading.parentElement?.querySelectorAll('li') ?? [];
    expect([...items].map((li) => li.textContent)).toEqual([
      expect.stringContaining('紧急'),
      expect.stringContaining('一般'),
    ]);
    expect(await screen.findByText(/走访 · 张建国 · 大走访/)).toBeTruthy();
  });
});
