import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { decodeText, type TextEncoding } from './decode.ts';
import { ImportFileError } from './errors.ts';
import { MAX_IMPORT_BYTES } from '../../protocol/import.ts';
import { MAX_IMPORT_ROWS } from './limits.ts';
import { checkZip } from './zip-guard.ts';

/** How a cell was stored: a number (an ID number typed as a number has lost its last digits), a formula. */
export type CellKind = 'text' | 'number' | 'date' | 'formula';

export interface TableRow {
  /** The spreadsheet row number (header = 1). */
  readonly row: number;
  readonly cells: readonly string[];
  readonly kinds: readonly CellKind[];
}

export interface Table {
  readonly format: 'csv' | 'xlsx';
  readonly encoding: TextEncoding | null;
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

export type FileFormat = 'csv' | 'xlsx' | 'jsonl';

/** By content first (a zip is XLSX; an OLE2 file is the old .xls), then by name. */
export function sniffFormat(bytes: Uint8Array, fileName = ''): FileFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ImportFileError('bad_format', '不支持旧版 .xls 文件，请用 Excel 另存为 .xlsx 或 CSV 后重试');
  }
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  if (/\.xlsx$/i.test(fileName))
    throw new ImportFileError('bad_format', '文件扩展名为 .xlsx，但内容不是 XLSX，文件可能已损坏');
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b ? 'jsonl' : 'csv';
}

export function checkSize(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ImportFileError('empty', '文件是空的');
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportFileError(
      'too_large',
      `文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB 上限，请拆分后分批导入`,
    );
  }
}

function finish(format: 'csv' | 'xlsx', encoding: TextEncoding | null, all: TableRow[]): Table {
  const [head, ...rows] = all;
  if (!head) throw new ImportFileError('empty', '文件中没有表头和数据');
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ImportFileError('too_many_rows', `数据超过 ${MAX_IMPORT_ROWS} 行上限，请拆分后分批导入`);
  }
  return { format, encoding, header: head.cells.map((h) => h.replace(/\s+/g, '')), rows };
}

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

export function readCsv(bytes: Uint8Array): Table {
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) throw new ImportFileError('bad_format', '文件含有二进制内容，不是 CSV 文本');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const at = quoteError.row === undefined ? '' : `第 ${quoteError.row + 1} 行附近`;
    throw new ImportFileError('bad_format', `CSV 文件${at}引号不配对，请用 Excel 打开后重新保存`);
  }
  const rows: TableRow[] = [];
  parsed.data.forEach((cells, i) => {
    if (!Array.isArray(cells) || isBlank(cells)) return;
    rows.push({ row: i + 1, cells: cells.map(String), kinds: cells.map(() => 'text' as const) });
  });
  return finish('csv', encoding, rows);
}

function cellText(v: ExcelJS.CellValue): { text: string; kind: CellKind } {
  if (v === null || v === undefined) return { text: '', kind: 'text' };
  if (typeof v === 'string') return { text: v, kind: 'text' };
  if (typeof v === 'number') return { text: String(v), kind: 'number' };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE', kind: 'text' };
  // exceljs gives date cells as the UTC midnight of the calendar day written in the sheet.
  if (v instanceof Date)
    return { text: Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10), kind: 'date' };
  if ('formula' in v || 'sharedFormula' in v) return { text: '', kind: 'formula' };
  if ('richText' in v) return { text: v.richText.map((r) => r.text).join(''), kind: 'text' };
  if ('hyperlink' in v) return { text: typeof v.text === 'string' ? v.text : '', kind: 'text' };
  if ('error' in v) return { text: v.error, kind: 'text' };
  return { text: '', kind: 'text' };
}

export async function readXlsx(bytes: Uint8Array): Promise<Table> {
  await checkZip(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer,
    );
  } catch {
    throw new ImportFileError('bad_format', '无法读取 XLSX 文件，文件可能已损坏，请用 Excel 打开后另存再试');
  }
  const ws = wb.worksheets.find((w) => w.rowCount > 0);
  if (!ws) throw new ImportFileError('empty', '工作簿中没有数据');
  if (ws.rowCount > MAX_IMPORT_ROWS + 1) {
    throw new ImportFileError('too_many_rows', `数据超过 ${MAX_IMPORT_ROWS} 行上限，请拆分后分批导入`);
  }
  const width = Math.min(ws.columnCount, 200);
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    const kinds: CellKind[] = [];
    for (let c = 1; c <= width; c++) {
      const t = cellText(r.getCell(c).value);
      cells.push(t.text);
      kinds.push(t.kind);
    }
    if (!isBlank(cells) || kinds.includes('formula')) rows.push({ row: rowNumber, cells, kinds });
  });
  return finish('xlsx', null, rows);
}

/** Reads a registry spreadsheet (CSV in any of the encodings Excel writes, or XLSX). */
export async function readTable(bytes: Uint8Array, fileName = ''): Promise<Table> {
  checkSize(bytes);
  const format = sniffFormat(bytes, fileName);
  if (format === 'jsonl') throw new ImportFileError('bad_format', '这是 JSON 行文件，请按历史记录导入');
  return format === 'xlsx' ? readXlsx(bytes) : readCsv(bytes);
}
