import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { getMeta, META } from '../../src/db/meta.ts';
import { pingshanTree, type OrgTree } from '../../src/model/org.ts';
import { DEFAULT_TRIGGERS } from '../../src/model/vocab.ts';
import { addCommunity, addStreet, addTeam } from '../../src/ui/admin/org/org-edit.ts';
import OrgScreen from '../../src/ui/admin/org/OrgScreen.tsx';
import { ADMIN, setOnline, stubAdminApi } from './admin-users-fixtures.ts';
import { dropDevice, freshDevice } from './helpers.tsx';

let db: ZoufangDB;

beforeEach(async () => {
  db = await freshDevice(ADMIN);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await dropDevice(db);
});

const type = (label: string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const pick = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('org tree edits', () => {
  it('new units get the next free statistical code under their parent, teams team-<unit>', () => {
    const tree = pingshanTree();
    expect(addStreet(tree, '新街道').units.at(-1)).toEqual({
      id: '440310007000',
      name: '新街道',
      level: 'street',
      parentId: '440310000000',
    });
    expect(addCommunity(tree, '440310003000', '新社区').units.at(-1)?.id).toBe('440310003004');
    expect(addTeam(tree, '440310001004', '和平队').teams.at(-1)?.id).toBe('team-440310001004');
    expect(addTeam(tree, '440310001000', '第二队').teams.at(-1)?.id).toBe('team-440310001000-2');
  });
});

describe('组织架构 screen', () => {
  it('shows the district, its streets and their communities and teams', async () => {
    stubAdminApi();
    render(<OrgScreen />);
    const street = await screen.findByRole('region', { name: /马峦街道/ });
    expect(street.textContent).toContain('坪环社区');
    expect(street.textContent).toContain('马峦街道红星志愿服务队');
    expect(screen.getByRole('region', { name: '坪山区' })).toBeTruthy();
  });

  it('adding a community and renaming a street are saved with one PUT keeping the ids', async () => {
    const calls = stubAdminApi((c) => (c.method === 'PUT' ? { status: 200, body: c.body } : undefined));
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '新增单位或服务队' });
    pick('类型', 'community');
    pick('所属街道', '440310001000');
    type('名称', '东门社区');
    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    fireEvent.click(screen.getByRole('button', { name: '改名 碧岭街道' }));
    type('新名称', '碧岭新街道');
    fireEvent.click(screen.getByRole('button', { name: '确定' }));
    fireEvent.click(screen.getByRole('button', { name: '保存组织架构' }));
    expect(await screen.findByText('组织架构已保存')).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.url).toBe('/api/admin/org');
    const sent = put?.body as OrgTree;
    expect(sent.units).toContainEqual({
      id: '440310001005',
      name: '东门社区',
      level: 'community',
      parentId: '440310001000',
    });
    expect(sent.units.find((u) => u.id === '440310003000')?.name).toBe('碧岭新街道');
    expect(sent.units).toHaveLength(pingshanTree().units.length + 1);
    // The device's cached tree follows, so the record forms list the new community.
    const cached = await getMeta<OrgTree>(db, META.org);
    expect(cached?.units.some((u) => u.name === '东门社区')).toBe(true);
  });

  it('refuses a duplicate name among siblings before anything is sent', async () => {
    const calls = stubAdminApi();
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '新增单位或服务队' });
    pick('所属街道', '440310001000');
    type('名称', '六联社区');
    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    expect(await screen.findByText('同一上级下已有同名单位或服务队')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it("shows the server's validation refusal with the users it would strand, and keeps the edits", async () => {
    stubAdminApi((c) =>
      c.method === 'PUT'
        ? {
            status: 409,
            body: {
              error: {
                reason: 'conflict',
                message: '新的组织架构中缺少部分用户所在的单位或服务队，请先调整这些用户',
                details: { usernames: ['worker1', 'worker2'] },
              },
            },
          }
        : undefined,
    );
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '新增单位或服务队' });
    pick('类型', 'street');
    type('名称', '新城街道');
    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    fireEvent.click(screen.getByRole('button', { name: '保存组织架构' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('请先调整这些用户');
    expect(alert.textContent).toContain('worker1、worker2');
    expect(screen.getByRole('region', { name: /新城街道/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: '保存组织架构' })).toBeTruthy();
  });

  it('says 需要联网 when offline', async () => {
    setOnline(false);
    const calls = stubAdminApi();
    render(<OrgScreen />);
    expect(await screen.findByText(/需要联网/)).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});

const sentTree = (calls: { method: string; body: unknown }[]) =>
  calls.find((c) => c.method === 'PUT')?.body as OrgTree | undefined;

describe('六必访情形 on the 组织架构 screen', () => {
  const LABEL = '六必访情形（每行一项）';
  const configured = { ...pingshanTree(), visitTriggers: ['重大节日', '老兵生日'] };

  it('shows the default list, one per line, for a district that never set one', async () => {
    stubAdminApi();
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '六必访情形' });
    expect(screen.getByLabelText<HTMLTextAreaElement>(LABEL).value).toBe(DEFAULT_TRIGGERS.join('\n'));
    expect(screen.getByText(/当前使用默认情形/)).toBeTruthy();
  });

  it('refuses a label twice, one past 40 characters, an empty list or more than 12, in Chinese, sending nothing', async () => {
    const calls = stubAdminApi();
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '六必访情形' });
    const cases: [string, string][] = [
      ['重大节日\n生病住院\n 重大节日 ', '六必访情形“重大节日”重复'],
      ['很'.repeat(41), `六必访情形“${'很'.repeat(41)}”超过40个字`],
      ['\n  \n', '六必访情形至少要有一项'],
      [Array.from({ length: 13 }, (_, i) => `情形${i}`).join('\n'), '六必访情形最多12项'],
    ];
    for (const [text, message] of cases) {
      type(LABEL, text);
      fireEvent.click(screen.getByRole('button', { name: '应用' }));
      expect(await screen.findByText(message)).toBeTruthy();
      expect(screen.getByLabelText(LABEL).getAttribute('aria-invalid')).toBe('true');
    }
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '没有未保存的更改' }).disabled).toBe(true);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('an edited list (blank lines and spaces dropped) is saved with the tree and cached for the device', async () => {
    const calls = stubAdminApi((c) => (c.method === 'PUT' ? { status: 200, body: c.body } : undefined));
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '六必访情形' });
    type(LABEL, ' 重大节日\n\n老兵生日 \n');
    fireEvent.click(screen.getByRole('button', { name: '应用' }));
    expect(await screen.findByText('已修改六必访情形，尚未保存')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '保存组织架构' }));
    expect(await screen.findByText('组织架构已保存')).toBeTruthy();
    expect(sentTree(calls)?.visitTriggers).toEqual(['重大节日', '老兵生日']);
    expect(sentTree(calls)?.units).toEqual(pingshanTree().units);
    expect((await getMeta<OrgTree>(db, META.org))?.visitTriggers).toEqual(['重大节日', '老兵生日']);
  });

  it('a rename keeps the configured list; 恢复默认 drops it so the default applies', async () => {
    const calls = stubAdminApi((c) =>
      c.method === 'GET' && c.url === '/api/admin/org'
        ? { status: 200, body: configured }
        : c.method === 'PUT'
          ? { status: 200, body: c.body }
          : undefined,
    );
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '六必访情形' });
    expect(screen.getByLabelText<HTMLTextAreaElement>(LABEL).value).toBe('重大节日\n老兵生日');
    fireEvent.click(screen.getByRole('button', { name: '改名 碧岭街道' }));
    type('新名称', '碧岭新街道');
    fireEvent.click(screen.getByRole('button', { name: '确定' }));
    fireEvent.click(screen.getByRole('button', { name: '保存组织架构' }));
    expect(await screen.findByText('组织架构已保存')).toBeTruthy();
    expect(sentTree(calls)?.visitTriggers).toEqual(['重大节日', '老兵生日']);

    calls.length = 0;
    fireEvent.click(screen.getByRole('button', { name: '恢复默认' }));
    expect(screen.getByLabelText<HTMLTextAreaElement>(LABEL).value).toBe(DEFAULT_TRIGGERS.join('\n'));
    fireEvent.click(screen.getByRole('button', { name: '保存组织架构' }));
    expect(await screen.findByText('组织架构已保存')).toBeTruthy();
    expect(sentTree(calls)).toBeDefined();
    expect(sentTree(calls)?.visitTriggers).toBeUndefined();
    expect(screen.getByText(/当前使用默认情形/)).toBeTruthy();
  });
});
