import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { setSession } from '../../src/stores/session.ts';
import UsersScreen from '../../src/ui/admin/users/UsersScreen.tsx';
import { App } from '../../src/ui/app/App.tsx';
import { navigate, startRouter } from '../../src/ui/app/router.ts';
import { visibleLinks } from '../../src/ui/nav.ts';
import SettingsScreen from '../../src/ui/settings/SettingsScreen.tsx';
import { ADMIN, ADMIN_USER, setOnline, stubAdminApi } from './admin-users-fixtures.ts';
import { dropDevice, freshDevice, WORKER } from './helpers.tsx';

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

async function fillNewWorker() {
  await screen.findByRole('heading', { name: '新建用户' });
  type('用户名', 'worker9');
  type('姓名', '王社工');
  type('初始密码', 'secret-pass-9');
  pick('角色', 'community_worker');
  pick('所属单位', 'unit:440310001002');
}

describe('用户管理 screen', () => {
  it('lists users with their role label and unit name', async () => {
    stubAdminApi();
    render(<UsersScreen />);
    const list = await screen.findByRole('list');
    expect(list.textContent).toContain('区管理员');
    expect(list.textContent).toContain('区级管理员 · 坪山区');
  });

  it('creating a user sends the right body with the session token and shows the new user', async () => {
    const calls = stubAdminApi((c) =>
      c.method === 'POST'
        ? {
            status: 201,
            body: {
              id: 'u-new',
              username: 'worker9',
              displayName: '王社工',
              role: 'community_worker',
              unitId: '440310001002',
              teamId: null,
              disabled: false,
              createdAt: '2026-11-28T00:00:00.000Z',
            },
          }
        : undefined,
    );
    render(<UsersScreen />);
    await fillNewWorker();
    fireEvent.click(screen.getByRole('button', { name: '创建用户' }));
    expect(await screen.findByText('已创建用户 worker9（王社工）')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/admin/users');
    expect(post?.auth).toBe('Bearer admin-token');
    expect(post?.body).toEqual({
      username: 'worker9',
      password: 'secret-pass-9',
      role: 'community_worker',
      displayName: '王社工',
      unitId: '440310001002',
      teamId: null,
    });
    const list = screen.getByRole('list');
    expect(within(list).getByText('王社工')).toBeTruthy();
    expect(list.textContent).toContain('社区工作者 · 坪山街道 · 六和社区');
  });

  it('offers only the units of the role level: streets for street staff, teams for a team leader', async () => {
    stubAdminApi();
    render(<UsersScreen />);
    await screen.findByRole('heading', { name: '新建用户' });
    pick('角色', 'street_staff');
    const place = screen.getByLabelText<HTMLSelectElement>('所属单位');
    const labels = [...place.options].map((o) => o.textContent);
    expect(labels).toContain('马峦街道');
    expect(labels).not.toContain('坪山街道 · 六联社区');
    pick('角色', 'team_leader');
    expect([...place.options].map((o) => o.value)).toContain('team:team-440310001000');
  });

  it('checks the password against the server minimum before sending anything', async () => {
    const calls = stubAdminApi();
    render(<UsersScreen />);
    await fillNewWorker();
    type('初始密码', 'short');
    fireEvent.click(screen.getByRole('button', { name: '创建用户' }));
    expect(await screen.findByText('密码至少10位')).toBeTruthy();
    expect(screen.getByLabelText('初始密码').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('a server refusal shows its message beside the field and keeps the form filled', async () => {
    stubAdminApi((c) =>
      c.method === 'POST'
        ? {
            status: 409,
            body: {
              error: {
                reason: 'conflict',
                message: '用户名 worker9 已存在',
                details: { username: 'worker9' },
              },
            },
          }
        : undefined,
    );
    render(<UsersScreen />);
    await fillNewWorker();
    fireEvent.click(screen.getByRole('button', { name: '创建用户' }));
    const field = screen.getByLabelText<HTMLInputElement>('用户名');
    await vi.waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    const described = field.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(described.split(' ')[0] ?? '')?.textContent).toBe('用户名 worker9 已存在');
    expect(screen.getByRole('alert').textContent).toContain('用户名 worker9 已存在');
    expect(field.value).toBe('worker9');
  });

  it('disabling a user sends disabled: true and marks the user 已停用', async () => {
    const worker = {
      ...ADMIN_USER,
      id: 'u-w1',
      username: 'worker1',
      displayName: '李社工',
      role: 'community_worker' as const,
      unitId: '440310001001',
    };
    const calls = stubAdminApi(
      (c) => (c.method === 'PATCH' ? { status: 200, body: { ...worker, disabled: true } } : undefined),
      [ADMIN_USER, worker],
    );
    render(<UsersScreen />);
    fireEvent.click(await screen.findByRole('button', { name: '修改 李社工（worker1）' }));
    fireEvent.click(screen.getByRole('button', { name: '停用此用户' }));
    expect(await screen.findByText(/已停用 李社工/)).toBeTruthy();
    expect(calls.find((c) => c.method === 'PATCH')).toMatchObject({
      url: '/api/admin/users/u-w1',
      body: { disabled: true },
    });
    expect(screen.getByRole('list').textContent).toContain('· 已停用');
  });

  it('changing a role sends the role with a unit of its level, and a reset sends the new password', async () => {
    const worker = {
      ...ADMIN_USER,
      id: 'u-w1',
      username: 'worker1',
      displayName: '李社工',
      role: 'community_worker' as const,
      unitId: '440310001001',
    };
    // The server's answer is the user as it now stands (a password is never echoed).
    let current = worker;
    const calls = stubAdminApi(
      (c) => {
        if (c.method !== 'PATCH') return undefined;
        const { password: _, ...rest } = c.body as { password?: string };
        current = { ...current, ...rest };
        return { status: 200, body: current };
      },
      [ADMIN_USER, worker],
    );
    render(<UsersScreen />);
    fireEvent.click(await screen.findByRole('button', { name: '修改 李社工（worker1）' }));
    pick('新角色', 'street_staff');
    pick('新所属单位', 'unit:440310001000');
    fireEvent.click(screen.getByRole('button', { name: '保存角色和单位' }));
    expect(await screen.findByText('已将 李社工 改为街道工作人员')).toBeTruthy();
    type('新密码', 'new-secret-1');
    fireEvent.click(screen.getByRole('button', { name: '重置密码' }));
    expect(await screen.findByText(/已重置 李社工 的密码/)).toBeTruthy();
    const patches = calls.filter((c) => c.method === 'PATCH').map((c) => c.body);
    expect(patches).toEqual([
      { role: 'street_staff', unitId: '440310001000', teamId: null },
      { password: 'new-secret-1' },
    ]);
    expect(screen.getAllByRole('list')[0]?.textContent).toContain('街道工作人员 · 坪山街道');
  });

  it('says 需要联网 when offline instead of calling the server', async () => {
    setOnline(false);
    const calls = stubAdminApi();
    render(<UsersScreen />);
    expect(await screen.findByText(/需要联网/)).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('says 需要联网 when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    render(<UsersScreen />);
    expect((await screen.findByRole('alert')).textContent).toContain('需要联网');
    expect(screen.getByRole('button', { name: '重试' })).toBeTruthy();
  });
});

describe('the 用户管理 entry', () => {
  it('is listed for the district admin only', () => {
    expect(visibleLinks('district_admin').map((l) => l.href)).toContain('/admin/users');
    for (const role of ['community_worker', 'street_staff', 'team_leader'] as const) {
      expect(visibleLinks(role).map((l) => l.href)).not.toContain('/admin/users');
    }
  });

  it('a community worker sees no 用户管理 on 我的 and gets 无权访问 at its address', async () => {
    setSession(WORKER);
    const { unmount } = render(<SettingsScreen />);
    await screen.findByRole('heading', { name: '账号' });
    expect(screen.queryByRole('link', { name: '用户管理' })).toBeNull();
    unmount();
    const stop = startRouter();
    navigate('/admin/users');
    render(<App />);
    expect(await screen.findByRole('heading', { name: '无权访问' })).toBeTruthy();
    stop();
    navigate('/', { replace: true });
  });

  it('the district admin sees 用户管理 and 组织架构 on 我的', async () => {
    render(<SettingsScreen />);
    expect(await screen.findByRole('link', { name: '用户管理' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '组织架构' })).toBeTruthy();
  });
});
