import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushDrafts, onBeforeAppUpdate } from '../../../src/ui/pwa/before-update.ts';
import { StorageBanner } from '../../../src/ui/pwa/StorageBanner.tsx';
import {
  STORAGE_PROBLEM_MESSAGES,
  clearStorageProblem,
  reportStorageProblem,
  storageHealthStore,
} from '../../../src/ui/pwa/storage-health.ts';

afterEach(() => {
  clearStorageProblem();
  vi.useRealTimers();
});

describe('before an app update, open forms flush their drafts', () => {
  it('waits for every form that asks to be waited for', async () => {
    const saved: string[] = [];
    const offA = onBeforeAppUpdate(async () => {
      await new Promise((r) => setTimeout(r, 20));
      saved.push('visit');
    });
    const offB = onBeforeAppUpdate(() => {
      saved.push('need (synchronous)');
    });
    await flushDrafts();
    expect(saved.sort()).toEqual(['need (synchronous)', 'visit']);
    offA();
    offB();
  });

  it('does not let a form that hangs hold the update back beyond the timeout', async () => {
    vi.useFakeTimers();
    const off = onBeforeAppUpdate(() => new Promise<void>(() => undefined));
    let done = false;
    const flushing = flushDrafts(2000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await flushing;
    expect(done).toBe(true);
    off();
  });

  it('does not wait for a form that unsubscribed', async () => {
    const calls: string[] = [];
    const off = onBeforeAppUpdate(() => {
      calls.push('called');
    });
    off();
    await flushDrafts();
    expect(calls).toEqual([]);
  });
});

describe('the IndexedDB banner', () => {
  it('shows nothing while storage is healthy', () => {
    const { container } = render(<StorageBanner />);
    expect(container.textContent).toBe('');
  });

  it('names an upgrade in another tab and offers 刷新; the close that follows and a milder warning do not hide it', async () => {
    render(<StorageBanner />);
    reportStorageProblem('upgraded-elsewhere');
    // Dexie fires `close` right after it closed the connection for the other tab's upgrade.
    reportStorageProblem('closed');
    reportStorageProblem('quota-low');
    expect((await screen.findByRole('alert')).textContent).toBe(
      STORAGE_PROBLEM_MESSAGES['upgraded-elsewhere'],
    );
    expect(screen.getByRole('button', { name: '刷新' })).toBeTruthy();
  });

  it('lets the worker dismiss the low-space warning', async () => {
    render(<StorageBanner />);
    reportStorageProblem('quota-low');
    fireEvent.click(await screen.findByRole('button', { name: '知道了' }));
    expect(storageHealthStore.getState().problem).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
