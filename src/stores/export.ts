import {
  exportKindsFor,
  exportLabel,
  exportPath,
  type ExportFormat,
  type ExportKind,
} from '../protocol/export.ts';
import type { Role } from '../model/vocab.ts';
import { apiBlob } from './api.ts';

/**
 * Client of GET /api/export/:kind.csv|.xlsx[?from=&to=] (src/protocol/export.ts): every live record of a kind
 * in the caller's area, as a file. Exports read the server's data, so they need the network.
 */

/** The kinds a role may export, with their Chinese names, in the screen's order. */
export function exportChoices(role: Role): readonly { kind: ExportKind; label: string }[] {
  return exportKindsFor(role).map((kind) => ({ kind, label: exportLabel(kind) }));
}

export const EXPORT_OFFLINE_MESSAGE = '需要联网：导出读取服务器上的数据，当前无法连接，请联网后再试。';

export interface ExportFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/**
 * Downloads one export. `period` filters dated kinds by their own date (both ends included); persons are not
 * filtered. Throws a RequestError (NetworkError, HttpError bad_request for a bad period or forbidden).
 */
export async function fetchExport(
  kind: ExportKind,
  format: ExportFormat,
  period: { from: string; to: string } | null = null,
): Promise<ExportFile> {
  const blob = await apiBlob({
    method: 'GET',
    path: exportPath(kind, format, period),
    offlineMessage: EXPORT_OFFLINE_MESSAGE,
  });
  const suffix = period ? `-${period.from}至${period.to}` : '';
  return { blob, fileName: `${exportLabel(kind)}${suffix}.${format}` };
}
