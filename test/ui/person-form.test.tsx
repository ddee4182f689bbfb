import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { PersonForm } from '../../src/ui/persons/PersonFormScreen.tsx';
import { createRecord } from '../../src/db/repository.ts';
import { newPerson } from '../fixtures/records.ts';
import { COMMUNITY, dropDevice, freshDevice, WORKER } from './helpers.tsx';

const UNITS = [{ id: COMMUNITY, name: '六联社区', level: 'community' as const, parentId: '440310001000' }];
let db: ZoufangDB;

beforeEach(async () => {
  db = await freshDevice();
});
afterEach(async () => {
  await dropDevice(db);
});

async function openForm() {
  render(<PersonForm units={UNITS} person={null} />);
  return screen.findByLabelText('姓名');
}

function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

function errorOf(label: string): string {
  const input = screen.getByLabelText(label);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('person form', () => {
  it('says the check character is wrong beside 身份证号, and keeps what was typed', async () => {
    await openForm();
    type('姓名', '张建国');
    type('身份证号', '340524198001010011');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('身份证号校验位不正确，请核对');
    expect(screen.getByLabelText('身份证号').getAttribute('aria-invalid')).toBe('true');
    expect(errorOf('身份证号')).toContain('校验位不正确');
    expect(screen.getByLabelText<HTMLInputElement>('身份证号').value).toBe('340524198001010011');
    expect(screen.getByLabelText<HTMLInputElement>('姓名').value).toBe('张建国');
    expect(await db.person.count()).toBe(0);
  });

  it('says the birth date inside an ID number does not exist', async () => {
    await openForm();
    type('姓名', '张建国');
    type('身份证号', '340524198002300011');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('身份证号中的出生日期不存在');
  });

  it('says a mobile number is not a mainland mobile', async () => {
    await openForm();
    type('手机号', '12812341234');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('手机号应为11位，以13–19开头');
    expect(errorOf('手机号')).toContain('手机号应为11位');
  });

  it('names every missing required field', async () => {
    await openForm();
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('请填写姓名');
    expect(screen.getByText('请填写身份证号')).toBeTruthy();
    expect(screen.getByText('请选择性别')).toBeTruthy();
  });

  it('fills 性别 from a valid ID number and saves the person with its outbox entry', async () => {
    await openForm();
    type('姓名', '张建国');
    type('身份证号', '34052419800101001X');
    type('手机号', '+86 138 1234 1234');
    await waitFor(() =>
      expect(screen.getByRole<HTMLInputElement>('radio', { name: '男' }).checked).toBe(true),
    );
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(async () => expect(await db.person.count()).toBe(1));
    const [p] = await db.person.toArray();
    expect(p).toMatchObject({ name: '张建国', sex: '男', mobile: '13812341234', communityId: COMMUNITY });
    expect(await db.outbox.count()).toBe(1);
    await waitFor(async () => expect(await db.drafts.count()).toBe(0));
  });

  it('checks a field when it is left, and the message goes as soon as the value is valid', async () => {
    await openForm();
    type('身份证号', '3405241980010100');
    expect(screen.getByLabelText('身份证号').getAttribute('aria-invalid')).toBeNull();
    fireEvent.blur(screen.getByLabelText('身份证号'));
    await screen.findByText('身份证号应为18位数字，最后一位可为X（现为16位）');
    // Untouched fields stay quiet: leaving 身份证号 does not flag 姓名.
    expect(screen.queryByText('请填写姓名')).toBeNull();
    type('身份证号', '34052419800101001');
    await screen.findByText('身份证号应为18位数字，最后一位可为X（现为17位）');
    type('身份证号', '340524 1980 0101 001x');
    await waitFor(() => expect(errorOf('身份证号')).not.toContain('现为'));
    expect(screen.getByLabelText('身份证号').getAttribute('aria-invalid')).toBeNull();
  });

  it('after 保存 marked the fields, fixing one clears its stale message at once', async () => {
    await openForm();
    type('手机号', '12812341234');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('手机号应为11位，以13–19开头');
    type('手机号', '１３８１２３４１２３４');
    await waitFor(() => expect(screen.queryByText('手机号应为11位，以13–19开头')).toBeNull());
    expect(screen.getByText('请填写姓名')).toBeTruthy();
  });

  it('stores a pasted ID number with spaces in its normalised spelling', async () => {
    await openForm();
    type('姓名', '张建国');
    type('身份证号', '340524 19800101 001x');
    await waitFor(() =>
      expect(screen.getByRole<HTMLInputElement>('radio', { name: '男' }).checked).toBe(true),
    );
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(async () => expect(await db.person.count()).toBe(1));
    const [p] = await db.person.toArray();
    expect(p?.idNumber).toBe('34052419800101001X');
  });
});

describe('person form: one person, one file (SPEC.md P19)', () => {
  it('[P19] warns as soon as the ID number is valid when a person of the area holds it, with a link to that file', async () => {
    const old = await createRecord(
      db,
      'person',
      newPerson({ name: '张卫国', idNumber: '34052419800101001X' }),
      {
        userId: WORKER.user.id,
      },
    );
    await openForm();
    type('身份证号', '3405241980010100');
    expect(screen.queryByTestId('id-number-twin')).toBeNull();
    // Pasted with spaces and a small x: normalised before the lookup.
    type('身份证号', '340524 1980 0101 001x');
    const warning = await screen.findByTestId('id-number-twin');
    expect(warning.textContent).toContain('该身份证号已有服务对象档案');
    expect(screen.getByRole('link', { name: '张卫国' }).getAttribute('href')).toBe(`/persons/${old.id}`);
    // Another, free ID number: the warning goes.
    type('身份证号', '110101199003070011');
    await waitFor(() => expect(screen.queryByTestId('id-number-twin')).toBeNull());
  });

  it('[P19] does not warn about the person being edited itself', async () => {
    const self = await createRecord(db, 'person', newPerson({ idNumber: '34052419800101001X' }), {
      userId: WORKER.user.id,
    });
    render(<PersonForm units={UNITS} person={self} />);
    await screen.findByLabelText('姓名');
    // Give the lookup time to answer: it must find only the person itself.
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByTestId('id-number-twin')).toBeNull();
  });
});
