import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { newId } from '../../src/model/ids.ts';
import { HomeScreen } from '../../src/ui/home/HomeScreen.tsx';
import { VisitForm } from '../../src/ui/visits/VisitFormScreen.tsx';
import { COMMUNITY, dropDevice, freshDevice } from './helpers.tsx';
import { pick, save, type, valueOf } from './form-helpers.ts';

let db: ZoufangDB;
const person = { id: newId(), name: '张建国', communityId: COMMUNITY };
const key = `visit:new:${person.id}`;

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  await dropDevice(db);
});

describe('draft autosave', () => {
  it('saves what the worker types to IndexedDB shortly after typing', async () => {
    render(<VisitForm person={person} />);
    await screen.findByLabelText('基本情况');
    type('基本情况', '老人腿脚不便');
    await waitFor(async () => expect((await db.drafts.get(key))?.values['situation']).toBe('老人腿脚不便'));
    expect((await db.drafts.get(key))?.values['_title']).toBe('张建国');
  });

  it('writes the draft at once when the page is hidden (tab switched or killed)', async () => {
    render(<VisitForm person={person} />);
    await screen.findByLabelText('处理情况');
    type('处理情况', '已联系社区医生');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    await waitFor(async () =>
      expect((await db.drafts.get(key))?.values['actionTaken']).toBe('已联系社区医生'),
    );
  });

  it('offers a saved draft on return; 继续填写 brings every value back', async () => {
    const first = render(<VisitForm person={person} />);
    await screen.findByLabelText('基本情况');
    pick('常态化联系');
    type('基本情况', '身体健康');
    await waitFor(async () => expect(await db.drafts.get(key)).toBeDefined());
    first.unmount();

    render(<VisitForm person={person} />);
    fireEvent.click(await screen.findByRole('button', { name: '继续填写' }));
    await screen.findByLabelText('基本情况');
    expect(valueOf('基本情况')).toBe('身体健康');
    expect(screen.getByRole<HTMLInputElement>('radio', { name: '常态化联系' }).checked).toBe(true);
  });

  it('放弃草稿 deletes the draft and opens an empty form', async () => {
    await db.drafts.put({
      key,
      form: 'visit',
      values: { situation: '旧内容' },
      savedAt: new Date().toISOString(),
    });
    render(<VisitForm person={person} />);
    fireEvent.click(await screen.findByRole('button', { name: '放弃草稿' }));
    await screen.findByLabelText('基本情况');
    expect(valueOf('基本情况')).toBe('');
    await waitFor(async () => expect(await db.drafts.get(key)).toBeUndefined());
  });

  it('keeps the draft when validation fails and deletes it only once the record is saved', async () => {
    render(<VisitForm person={person} />);
    await screen.findByLabelText('基本情况');
    type('基本情况', '需要帮助');
    save();
    await screen.findByText('请选择走访类型');
    await waitFor(async () => expect(await db.drafts.get(key)).toBeDefined());
    pick('大走访');
    save();
    await waitFor(async () => expect(await db.visit.count()).toBe(1));
    await waitFor(async () => expect(await db.drafts.get(key)).toBeUndefined());
  });

  it('lists open drafts on the home screen with a link to resume them', async () => {
    await db.drafts.put({
      key,
      form: 'visit',
      values: { situation: 'x', _title: '张建国' },
      savedAt: new Date().toISOString(),
    });
    render(<HomeScreen />);
    const link = await screen.findByRole('link', { name: /继续填写走访记录 · 张建国/ });
    expect(link.getAttribute('href')).toBe(`/persons/${person.id}/visit/new`);
  });
});

describe('draft flush before an app update', () => {
  it('writes the open form before the new version takes over', async () => {
    const { flushDrafts } = await import('../../src/ui/pwa/before-update.ts');
    render(<VisitForm person={person} />);
    await screen.findByLabelText('诉求/困难');
    type('诉求/困难', '希望办理优待证');
    await flushDrafts();
    expect((await db.drafts.get(key))?.values['needsRaised']).toBe('希望办理优待证');
  });
});
