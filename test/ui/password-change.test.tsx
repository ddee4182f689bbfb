import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { loadSession } from '../../src/db/session-store.ts';
import { sessionStore, setSession } from '../../src/stores/session.ts';
import { App } from '../../src/ui/app/App.tsx';
import { navigate, startRouter } from '../../src/ui/app/router.ts';
import { dropDevice, freshDevice, WORKER } from './helpers.tsx';

let db: ZoufangDB;
let stopRouter: () => void;
const sent: { url: string; body: unknown }[] = [];

/** The server's answer to POST /api/auth/password: `refuse` as its message, or ok. */
function stubServer(refuse: string | null): void {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      const text = typeof init.body === 'string' ? init.body : 'null';
      sent.push({ url, body: JSON.parse(text) as unknown });
      const body = refuse ? { error: { reason: 'bad_request', message: refuse } } : { ok: true };
      return Promise.resolve(new Response(JSON.stringify(body), { status: refuse ? 400 : 200 }));
    }),
  );
}

beforeEach(async () => {
  sent.length = 0;
  db = await freshDevice();
  stopRouter = startRouter();
  navigate('/', { replace: true });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  stopRouter();
  await dropDevice(db);
});

function fill(current: string, next: string, repeat = next): void {
  fireEvent.input(screen.getByLabelText('当前密码'), { target: { value: current } });
  fireEvent.input(screen.getByLabelText('新密码（至少10位，不能过于常见）'), { target: { value: next } });
  fireEvent.input(screen.getByLabelText('再次输入新密码'), { target: { value: repeat } });
  fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
}

describe('password change', () => {
  it('[S5] after an admin reset the app shows only the password change, then the app', async () => {
    setSession({ ...WORKER, mustChangePassword: true });
    stubServer(null);
    render(<App />);
    expect(await screen.findByRole('heading', { name: '请设置新密码' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: '主导航' })).toBeNull();
    fill('Temporary-pass-42', 'short');
    expect(await screen.findByText('密码至少10位')).toBeTruthy();
    expect(sent).toEqual([]);
    fill('Temporary-pass-42', 'My-own-choice-2026', 'My-own-choice-2027');
    expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
    fill('Temporary-pass-42', 'My-own-choice-2026');
    expect(await screen.findByRole('heading', { name: '今日工作' })).toBeTruthy();
    expect(sent).toEqual([
      {
        url: '/api/auth/password',
        body: { currentPassword: 'Temporary-pass-42', newPassword: 'My-own-choice-2026' },
      },
    ]);
    const s = sessionStore.getState();
    expect(s.status).toBe('signed-in');
    expect(s.status === 'signed-in' ? s.session.mustChangePassword : 'signed out').toBeUndefined();
    expect((await loadSession(db))?.mustChangePassword).toBeUndefined();
  });

  it('[S5] 我的 has the form; a refusal shows the server’s reason', async () => {
    stubServer('该密码过于常见，容易被猜中，请换一个');
    navigate('/settings');
    render(<App />);
    await screen.findByRole('heading', { name: '修改密码' });
    fill('zoufang-demo', 'qwertyuiop123');
    expect(await screen.findByText('该密码过于常见，容易被猜中，请换一个')).toBeTruthy();
  });
});
