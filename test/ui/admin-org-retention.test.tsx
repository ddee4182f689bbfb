import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { pingshanTree, type OrgTree } from '../../src/model/org.ts';
import OrgScreen from '../../src/ui/admin/org/OrgScreen.tsx';
import { ADMIN, stubAdminApi } from './admin-users-fixtures.ts';
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

const LABEL = '保留天数';
const type = (value: string) => fireEvent.input(screen.getByLabelText(LABEL), { target: { value } });
const sentTree = (calls: { method: string; body: unknown }[]) =>
  calls.find((c) => c.method === 'PUT')?.body as OrgTree | undefined;

describe('冲突记录保留 on the 组织架构 screen', () => {
  it('shows the default for a district that never set it, and refuses a bad number in Chinese, sending nothing', async () => {
    const calls = stubAdminApi();
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '冲突记录保留' });
    expect(screen.getByLabelText<HTMLInputElement>(LABEL).value).toBe('180');
    for (const [text, message] of [
      ['3', '冲突记录保留天数应在 7–3650 天之间'],
      ['9999', '冲突记录保留天数应在 7–3650 天之间'],
      ['30.5', '冲突记录保留天数必须是整数'],
      ['', '请输入保留天数'],
    ]) {
      type(text ?? '');
      fireEvent.click(screen.getByRole('button', { name: '应用保留天数' }));
      expect(await screen.findByText(message ?? '')).toBeTruthy();
      expect(screen.getByLabelText(LABEL).getAttribute('aria-invalid')).toBe('true');
    }
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '没有未保存的更改' }).disabled).toBe(true);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('a new retention is saved with the tree, and a 六必访 edit keeps it', async () => {
    const calls = stubAdminApi((c) =>
      c.method === 'GET' && c.url === '/api/admin/org'
        ? { status: 200, body: { ...pingshanTree(), conflictRetentionDays: 90 } }
        : c.method === 'PUT'
          ? { status: 200, body: c.body }
          : undefined,
    );
    render(<OrgScreen />);
    await screen.findByRole('heading', { name: '冲突记录保留' });
    expect(screen.getByLabelText<HTMLInputElement>(LABEL).value).toBe('90');
    type(' 365 ');
    fireEvent.click(screen.getByRole('button', { name: '应用保留天数' }));
    expect(await screen.findByText('已将冲突记录保留天数改为 365 天，尚未保存')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '保存组织架构' }));
    expect(await screen.findByText('组织架构已保存')).toBeTruthy();
    expect(sentTree(calls)?.conflictRetentionDays).toBe(365);

    calls.length = 0;
    fireEvent.input(screen.getByLabelText('六必访情形（每行一项）'), { target: { value: '重大节日' } });
    fireEvent.click(screen.getByRole('button', { name: '应用' }));
    fireEvent.click(screen.getByRole('button', { name: '保存组织架构' }));
    expect(await screen.findByText('组织架构已保存')).toBeTruthy();
    expect(sentTree(calls)).toMatchObject({ visitTriggers: ['重大节日'], conflictRetentionDays: 365 });
  });
});
