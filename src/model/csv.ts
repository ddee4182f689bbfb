/**
 * CSV for the bureau's Excel: UTF-8 WITH a byte-order mark (without it Excel in China reads UTF-8 as GBK and
 * shows mojibake), CRLF line ends, RFC 4180 quoting. Pure: used by the server export and the device alike.
 */
export type Cell = string | number | null | undefined;

export const BOM = '\uFEFF';

/**
 * A cell that a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, or a tab / carriage
 * return (OWASP "CSV injection"). A leading full-width ＝ is left alone: Excel does not evaluate it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s);
}

/** Text a spreadsheet shows as typed and never evaluates: a formula-like string gets a leading `'`. */
export function neutraliseFormula(s: string): string {
  return isFormulaLike(s) ? `'${s}` : s;
}

function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  // Numbers are written as numbers; only text can carry a formula.
  const s = typeof v === 'number' ? String(v) : neutraliseFormula(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV document: header row, then rows. `bom: false` only for machine consumers. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly Cell[]>,
  opts: { bom?: boolean } = {},
): string {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return `${opts.bom === false ? '' : BOM}${lines.join('\r\n')}\r\n`;
}
