import { render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { syncStore } from '../../src/stores/sync-status.ts';
import { INITIAL_STATUS, type SyncPhase, type SyncStatus } from '../../src/sync/state.ts';
import { HomeScreen } from '../../src/ui/home/HomeScreen.tsx';
import { SyncBadge } from '../../src/ui/sync/SyncBadge.tsx';
import SyncScreen from '../../src/ui/sync/SyncScreen.tsx';
import { dropDevice, freshDevice } from './helpers.tsx';

let db: ZoufangDB;
beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  syncStore.setState({ status: INITIAL_STATUS });
  await dropDevice(db);
});

function show(phase: SyncPhase, pending: number): void {
  const status: SyncStatus = { ...INITIAL_STATUS, phase, pending };
  syncStore.setState({ status });
}

/** The visible text of the badge (its spans are hidden from screen readers, which read the link's label). */
function badgeText(): string {
  return screen.getByRole('link', { name: /^同步状态：/ }).textContent ?? '';
}

const cases: [string, SyncPhase, number, string][] = [
  ['offline', { kind: 'offline' }, 3, '离线'],
  ['unreachable', { kind: 'unreachable', retryAt: null }, 2, '服务器无法连接'],
  ['pushing', { kind: 'pushing', sent: 1, total: 4 }, 4, '同步中（上传 1/4）'],
  ['login-required', { kind: 'login-required' }, 5, '需要重新登录'],
];

describe('the sync words on the badge, 首页 and 同步 (SPEC C8)', () => {
  for (const [name, phase, pending, words] of cases) {
    it(`[C8] ${name}: the badge shows ${words} and 有 ${pending} 条未同步, and so do 首页 and 同步`, async () => {
      show(phase, pending);
      render(
        <>
          <SyncBadge />
          <HomeScreen />
          <SyncScreen />
        </>,
      );
      expect(badgeText()).toContain(words);
      expect(badgeText()).toContain(`有 ${pending} 条未同步`);
      expect(screen.getByRole('link', { name: `同步状态：${words}，有 ${pending} 条未同步` })).toBeTruthy();
      expect(await screen.findByText(`同步状态：${words}，有 ${pending} 条未同步`)).toBeTruthy();
      expect(screen.getByRole('status').textContent).toBe(`${words}，有 ${pending} 条未同步`);
    });
  }

  it('[C8] 已同步 only with nothing pending; a save after the round is 等待同步 with its count', () => {
    show({ kind: 'synced' }, 0);
    const { rerender } = render(<SyncBadge />);
    expect(badgeText()).toBe('已同步');
    screen.getByRole('link', { name: '同步状态：已同步' });
    show({ kind: 'synced' }, 1);
    rerender(<SyncBadge />);
    expect(badgeText()).toBe('等待同步有 1 条未同步');
    expect(badgeText()).not.toContain('已同步');
  });

  it('[C8] the server being away is not called 离线, and an error keeps the header short', () => {
    show({ kind: 'unreachable', retryAt: 5 }, 0);
    const { rerender } = render(<SyncBadge />);
    expect(badgeText()).toBe('服务器无法连接');
    show({ kind: 'error', reason: 'internal', message: '服务器内部错误', retryAt: null }, 1);
    rerender(<SyncBadge />);
    expect(badgeText()).toBe('同步出错有 1 条未同步');
  });
});
