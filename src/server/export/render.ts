import ExcelJS from 'exceljs';
import { cellValue, digitText, toCsv, type Cell } from '../../model/csv.ts';
import { flattenSummary, SUMMARY_FIGURES, type ReportSummary } from '../../model/report.ts';
import { LEVEL_LABELS } from '../../model/org.ts';
import type { ExportFormat } from '../../protocol/export.ts';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A table as CSV (UTF-8 with BOM, formula-like text prefixed with `'`, long digit strings kept as text,
 * model/csv.ts) or XLSX. In XLSX every text goes in as a string cell, which Excel never evaluates or turns
 * into a number, so no prefix is needed there.
 */
export async function renderTable(
  format: ExportFormat,
  sheet: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(toCsv(header, rows), 'utf8');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.addRow([...header]).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(cellValue));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The summary as a flat table: one row per unit, indented by level, then the figures and per-kind counts. */
export function summaryTable(s: ReportSummary): { header: string[]; rows: Cell[][] } {
  const campaigns = Object.keys(s.visitsByCampaign);
  const themes = Object.keys(s.activitiesByTheme);
  const header = [
    '单位',
    '层级',
    '单位代码',
    ...SUMMARY_FIGURES.map(([, label]) => label),
    ...campaigns.map((c) => `走访·${c}`),
    ...themes.map((t) => `活动·${t}`),
  ];
  const rows = flattenSummary(s).map(({ depth, summary: u }) => [
    `${'　'.repeat(depth)}${u.unit.name}`,
    LEVEL_LABELS[u.unit.level],
    digitText(u.unit.id),
    ...SUMMARY_FIGURES.map(([k]) => u[k]),
    ...campaigns.map((c) => u.visitsByCampaign[c] ?? 0),
    ...themes.map((t) => u.activitiesByTheme[t] ?? 0),
  ]);
  return { header, rows };
}
