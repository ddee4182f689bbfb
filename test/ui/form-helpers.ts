import { fireEvent, screen } from '@testing-library/preact';

export function type(label: string, value: string): void {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

export function choose(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

export function pick(option: string): void {
  fireEvent.click(screen.getByRole('radio', { name: option }));
}

export function save(name = '保存'): void {
  fireEvent.click(screen.getByRole('button', { name }));
}

/** The text of the messages a field points to with aria-describedby. */
export function messagesOf(label: string): string {
  const input = screen.getByLabelText(label);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

export function valueOf(label: string): string {
  return screen.getByLabelText<HTMLInputElement>(label).value;
}
