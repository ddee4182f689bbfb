import { render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { addDays, chinaDate } from '../../src/model/dates.ts';
import { ActivityForm } from '../../src/ui/activities/ActivityFormScreen.tsx';
import { dropDevice, freshDevice } from './helpers.tsx';
import { choose, messagesOf, pick, save, type } from './form-helpers.ts';

let db: ZoufangDB;
const TEAMS = [{ id: 'team-440310001000', name: '坪山街道红星志愿服务队', unitId: '440310001000' }];

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  await dropDevice(db);
});

describe('volunteer activity form', () => {
  it('names the missing theme, title, place and volunteer count', async () => {
    render(<ActivityForm teams={TEAMS} />);
    await screen.findByLabelText('活动主题');
    save();
    await screen.findByText('请选择活动主题');
    expect(messagesOf('活动名称')).toContain('请填写活动名称');
    expect(messagesOf('活动地点')).toContain('请填写活动地点');
    expect(messagesOf('参与退役军人志愿者人数')).toContain('至少1人');
  });

  it('asks the 暖心服务 sub-kind and refuses a future date', async () => {
    render(<ActivityForm teams={TEAMS} />);
    await screen.findByLabelText('活动主题');
    choose('活动主题', '暖心服务');
    type('活动日期', addDays(chinaDate(), 2));
    save();
    await screen.findByText('请选择暖心服务类型');
    expect(messagesOf('活动日期')).toContain('活动日期不能晚于今天');
  });

  it('saves an activity under the team and its unit', async () => {
    render(<ActivityForm teams={TEAMS} />);
    await screen.findByLabelText('活动主题');
    choose('活动主题', '暖心服务');
    pick('感情联系');
    type('活动名称', '走访慰问孤寡老兵');
    type('活动地点', '六联社区');
    type('参与退役军人志愿者人数', '6');
    type('服务时长（小时）', '2.5');
    type('服务人次', '12');
    save();
    await waitFor(async () => expect(await db.activity.count()).toBe(1));
    const [a] = await db.activity.toArray();
    expect(a).toMatchObject({
      teamId: 'team-440310001000',
      unitId: '440310001000',
      warmServiceKind: '感情联系',
      volunteerCount: 6,
      hours: 2.5,
      peopleServed: 12,
    });
  });
});
