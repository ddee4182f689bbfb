/**
 * CSV for the bureau's Excel: UTF-8 WITH a byte-order mark (without it Excel in China reads UTF-8 as GBK and
 * shows mojibake), CRLF line ends, RFC 4180 quoting. Pure: used by the server export and the device alike.
 */
export type Cell = string | number | null | undefined | DigitText;

/**
 * Text made of digits that a spreadsheet must keep as text: resident ID numbers, mobiles, unit codes. Opened
 * by double-click, Excel and WPS read an 18-digit CSV field as a number: it shows `4.4031E+17` and keeps only
 * 15 significant digits, so the last three digits of an ID number are gone for good once the file is saved.
 *
 * Candidates (none of them a formula: exports neutralise formulas, they never write one):
 * - `="4403…"`: a formula; refused (it is exactly what neutralising exists to stop, and WPS shows it as typed
 *   in some versions).
 * - a leading `'`: only typing does that in Excel; in a CSV field the apostrophe is shown as part of the value.
 * - quoting the field (`"4403…"`): quotes are CSV syntax, the value is still typed as a number.
 * - a zero-width or other invisible character: text, but it travels into every copy and breaks matching.
 * - a leading tab, chosen: Excel and WPS type a field that is not a pure number as text, show the digits in full,
 *   and the tab is whitespace that our import (and most tools) trims. It cannot start a formula, because only
 *   digits (and the check letter X) follow it here; anything else is written as ordinary text.
 * XLSX needs none of this: there these cells are string cells.
 */
export interface DigitText {
  readonly digitText: string;
}

export function digitText(s: string): DigitText {
  return { digitText: s };
}

/** What a cell holds as plain text (an XLSX string cell, or a report reading it back). */
export function cellValue(v: Cell): string | number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? v.digitText : v;
}

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

const DIGITS = /^\d+X?$/;

function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    return DIGITS.test(v.digitText) ? `\t${v.digitText}` : csvCell(v.digitText);
  }
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
