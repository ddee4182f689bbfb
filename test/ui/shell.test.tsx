import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { App } from '../../src/ui/app/App.tsx';
import { navigate, startRouter } from '../../src/ui/app/router.ts';
import { visibleLinks, NAV_LINKS } from '../../src/ui/nav.ts';
import { findRoute } from '../../src/ui/routes.tsx';
import { setSession } from '../../src/stores/session.ts';
import { dropDevice, freshDevice } from './helpers.tsx';

let db: ZoufangDB;
let stopRouter: () => void;

beforeEach(async () => {
  db = await freshDevice();
  stopRouter = startRouter();
  navigate('/', { replace: true });
});
afterEach(async () => {
  stopRouter();
  await dropDevice(db);
});

describe('app shell', () => {
  it('shows only the login screen when nobody is signed in', async () => {
    setSession(null);
    render(<App />);
    expect(await screen.findByLabelText('用户名')).toBeTruthy();
    expect(screen.getByLabelText('密码')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: '主导航' })).toBeNull();
  });

  it('asks for both fields before trying to log in', async () => {
    setSession(null);
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: '登录' }));
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(screen.getByText('请输入密码')).toBeTruthy();
  });

  it('opens on the home screen with the four tabs, 首页 current', async () => {
    render(<App />);
    await screen.findByRole('heading', { name: '今日工作' });
    const nav = screen.getByRole('navigation', { name: '主导航' });
    const current = nav.querySelector('[aria-current="page"]');
    expect(current?.textContent).toContain('首页');
    for (const tab of ['服务对象', '记录', '我的']) expect(nav.textContent).toContain(tab);
  });

  it('moves to a lazy screen when a tab is pressed', async () => {
    render(<App />);
    await screen.findByRole('heading', { name: '今日工作' });
    fireEvent.click(screen.getByRole('link', { name: '服务对象' }));
    expect(await screen.findByLabelText('搜索服务对象')).toBeTruthy();
    expect(location.pathname).toBe('/persons');
  });

  it('says 未找到页面 for an unknown path', async () => {
    navigate('/no-such-screen');
    render(<App />);
    expect(await screen.findByRole('heading', { name: '未找到页面' })).toBeTruthy();
  });
});

describe('route table', () => {
  it('matches fixed paths before parameters and decodes parameters', () => {
    expect(findRoute('/persons/new')?.route.title).toBe('新建服务对象');
    expect(findRoute('/persons/abc/visit/new')?.params).toEqual({ id: 'abc' });
    expect(findRoute('/nope')).toBeNull();
  });

  it('every entry of the 我的 page opens a route, for the roles the route admits', () => {
    for (const link of NAV_LINKS) {
      const route = findRoute(link.href)?.route;
      expect(route, link.href).toBeDefined();
      for (const role of link.roles ?? []) {
        expect(!route?.roles || route.roles.includes(role), `${link.href} for ${role}`).toBe(true);
      }
    }
  });

  it('shows conflict review to street staff but not to community workers', () => {
    expect(visibleLinks('street_staff').map((l) => l.href)).toContain('/conflicts');
    expect(visibleLinks('community_worker').map((l) => l.href)).not.toContain('/conflicts');
  });
});

describe('back button', () => {
  it('appears on nested screens and returns to the tab when there is no history', async () => {
    // A fresh page load straight onto a nested screen (no in-app history).
    stopRouter();
    history.replaceState(null, '', '/sync');
    stopRouter = startRouter();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: '返回' }));
    await screen.findByRole('heading', { name: '我的' });
    expect(location.pathname).toBe('/settings');
    expect(screen.queryByRole('button', { name: '返回' })).toBeNull();
  });
});
