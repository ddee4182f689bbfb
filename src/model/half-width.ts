/**
 * Full-width ASCII (U+FF01–U+FF5E, what a Chinese IME types in full-width mode: `１３８`, `Ｘ`) as plain ASCII,
 * and the ideographic space as a space. Numbers a worker types or pastes are checked in this form.
 */
export function toHalfWidth(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
