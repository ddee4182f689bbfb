import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { META, setMeta } from '../../src/db/meta.ts';
import { addDays, chinaDate } from '../../src/model/dates.ts';
import { newId } from '../../src/model/ids.ts';
import { pingshanTree } from '../../src/model/org.ts';
import { DEFAULT_TRIGGERS } from '../../src/model/vocab.ts';
import { locationStore } from '../../src/ui/app/router.ts';
import { VisitForm } from '../../src/ui/visits/VisitFormScreen.tsx';
import { COMMUNITY, dropDevice, freshDevice } from './helpers.tsx';
import { messagesOf, pick, save, type, valueOf, choose } from './form-helpers.ts';

let db: ZoufangDB;
const person = { id: newId(), name: '张建国', communityId: COMMUNITY };

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await dropDevice(db);
});

async function openForm() {
  render(<VisitForm person={person} />);
  await screen.findByLabelText('走访日期');
}

describe('visit form', () => {
  it('starts with today and the worker as visitor', async () => {
    await openForm();
    expect(valueOf('走访日期')).toBe(chinaDate());
    expect(valueOf('走访人员')).toBe('李社工');
  });

  it('refuses a visit date in the future, beside 走访日期', async () => {
    await openForm();
    type('走访日期', addDays(chinaDate(), 1));
    pick('大走访');
    save();
    await screen.findByText('走访日期不能晚于今天');
    expect(messagesOf('走访日期')).toContain('走访日期不能晚于今天');
    expect(screen.getByLabelText('走访日期').getAttribute('aria-invalid')).toBe('true');
    expect(await db.visit.count()).toBe(0);
  });

  it('asks for the 六必访 trigger when the campaign is 六必访', async () => {
    await openForm();
    pick('六必访');
    save();
    await screen.findByText('六必访请选择走访情形');
    expect(messagesOf('走访情形')).toContain('六必访请选择走访情形');
  });

  it('names the missing campaign and visitors', async () => {
    await openForm();
    type('走访人员', '   ');
    save();
    await screen.findByText('请选择走访类型');
    expect(screen.getByText('请填写走访人员')).toBeTruthy();
  });

  it('saves a 六必访 visit with its trigger and outbox entry, and removes the draft', async () => {
    await openForm();
    pick('六必访');
    await screen.findByRole('option', { name: '生病住院' });
    choose('走访情形', '生病住院');
    type('基本情况', '住院治疗中，情绪稳定');
    save();
    await waitFor(async () => expect(await db.visit.count()).toBe(1));
    const [v] = await db.visit.toArray();
    expect(v).toMatchObject({
      campaign: '六必访',
      trigger: '生病住院',
      personId: person.id,
      method: '入户走访',
    });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ kind: 'visit', recordId: v?.id, op: 'put' });
    await waitFor(async () => expect(await db.drafts.count()).toBe(0));
  });

  it('goes back to the person after saving', async () => {
    await openForm();
    pick('大走访');
    type('基本情况', '身体健康');
    save();
    await waitFor(() => expect(locationStore.getState().path).toBe(`/persons/${person.id}`));
    expect(locationStore.getState().query.get('saved')).toBe('visit');
  });

  it('goes back to the 待访清单 after saving when opened from it', async () => {
    render(<VisitForm person={person} fromWorklist />);
    await screen.findByLabelText('走访日期');
    pick('大走访');
    type('基本情况', '再次走访');
    save();
    await waitFor(() => expect(locationStore.getState().path).toBe('/worklist'));
    expect(locationStore.getState().query.get('saved')).toBe('visit');
    expect(await db.visit.count()).toBe(1);
  });

  it('shows a full device as a clear message and keeps every typed value', async () => {
    await openForm();
    pick('大走访');
    type('基本情况', '家中一切正常');
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    vi.spyOn(db.visit, 'add').mockRejectedValue(quota);
    save();
    await screen.findByText(/手机存储空间已满/);
    expect(valueOf('基本情况')).toBe('家中一切正常');
    expect(screen.getByRole<HTMLInputElement>('radio', { name: '大走访' }).checked).toBe(true);
    expect(await db.outbox.count()).toBe(0);
  });

  it("puts the schema's own message beside the field it names (repository ValidationError)", async () => {
    await openForm();
    pick('大走访');
    type('基本情况', '很'.repeat(4001));
    save();
    await screen.findByText('不能超过4000个字');
    expect(messagesOf('基本情况')).toContain('不能超过4000个字');
    expect(valueOf('基本情况')).toHaveLength(4001);
    expect(await db.visit.count()).toBe(0);
  });
});

/** The select's options, once the cached list is read (blank 请选择 left out). */
const optionsOf = async (label: string) => {
  await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(1));
  const select = screen.getByLabelText<HTMLSelectElement>(label);
  return [...select.options].map((o) => o.value).filter((v) => v !== '');
};

describe('走访情形 options', () => {
  it('are the default 六必访 list while the device has no configured one', async () => {
    await openForm();
    pick('六必访');
    expect(await optionsOf('走访情形')).toEqual([...DEFAULT_TRIGGERS]);
  });

  it('follow the list of the org tree the device cached', async () => {
    await setMeta(db, META.org, { ...pingshanTree(), visitTriggers: ['重大节日', '老兵生日'] });
    await openForm();
    pick('六必访');
    expect(await optionsOf('走访情形')).toEqual(['重大节日', '老兵生日']);
    choose('走访情形', '老兵生日');
    save();
    await waitFor(async () => expect(await db.visit.count()).toBe(1));
    expect((await db.visit.toArray())[0]?.trigger).toBe('老兵生日');
  });

  it("keep a draft's label the district has since removed, chosen as it was", async () => {
    await setMeta(db, META.org, { ...pingshanTree(), visitTriggers: ['重大节日'] });
    await db.drafts.put({
      key: `visit:new:${person.id}`,
      form: 'visit',
      values: { campaign: '六必访', trigger: '生病住院' },
      savedAt: new Date().toISOString(),
    });
    render(<VisitForm person={person} />);
    fireEvent.click(await screen.findByRole('button', { name: '继续填写' }));
    await screen.findByLabelText('走访情形');
    expect(await optionsOf('走访情形')).toEqual(['重大节日', '生病住院']);
    expect(valueOf('走访情形')).toBe('生病住院');
  });
});
