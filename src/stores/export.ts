import type { Role } from '../model/vocab.ts';
import { adminFetch } from './admin.ts';

/**
 * Client of GET /api/export/:kind.csv|.xlsx[?from=&to=] (src/server/routes/export.ts): every live record of a
 * kind in the caller's area, as a file. Exports read the server's data, so they need the network.
 */

/**
 * The kinds the server exports (EXPORT_KINDS in src/server/export/columns.ts), with their Chinese names. The
 * client may not import server code; test/stores/import-server.test.ts pins this list and WHOLE_ID_ROLES to it.
 */
export const EXPORT_KINDS = [
  { kind: 'person', label: '服务对象' },
  { kind: 'visit', label: '走访记录' },
  { kind: 'condolence', label: '慰问记录' },
  { kind: 'need', label: '困难帮扶' },
  { kind: 'needStep', label: '帮扶进度' },
  { kind: 'activity', label: '志愿服务活动' },
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number]['kind'];
export type ExportFormat = 'csv' | 'xlsx';
/** Every export and the report come as both; the screens offer them in this order. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

/**
 * Roles that get whole ID numbers and mobiles (WHOLE_ID_ROLES in src/server/export/columns.ts); everyone else
 * gets `340524********001X` / `138****1234`. Only for telling the user: the server does the masking.
 */
export const WHOLE_ID_ROLES: ReadonlySet<Role> = new Set(['district_admin', 'street_staff']);

/** The kinds a role may export: a team leader only its team's activities (the server answers 403 otherwise). */
export function exportKindsFor(role: Role): readonly (typeof EXPORT_KINDS)[number][] {
  return role === 'team_leader' ? EXPORT_KINDS.filter((k) => k.kind === 'activity') : EXPORT_KINDS;
}

export const EXPORT_OFFLINE_MESSAGE = '需要联网：导出读取服务器上的数据，当前无法连接，请联网后再试。';

export interface ExportFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/**
 * Downloads one export. `period` filters dated kinds by their own date (both ends included); persons are not
 * filtered. Throws AdminError (offline, bad_request for a bad period, forbidden).
 */
export async function fetchExport(
  kind: ExportKind,
  format: ExportFormat,
  period: { from: string; to: string } | null = null,
): Promise<ExportFile> {
  const query = period ? `?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}` : '';
  const res = await adminFetch('GET', `/api/export/${kind}.${format}${query}`, {
    offlineMessage: EXPORT_OFFLINE_MESSAGE,
  });
  const label = EXPORT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
  const suffix = period ? `-${period.from}至${period.to}` : '';
  return { blob: await res.blob(), fileName: `${label}${suffix}.${format}` };
}
