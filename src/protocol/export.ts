import { KIND_LABELS } from '../model/kinds.ts';
import type { Role } from '../model/vocab.ts';

/**
 * Exports on the wire: `GET /api/export/:kind.csv|.xlsx[?from=&to=]` answers every live record of a kind in the
 * caller's area as a file (src/server/routes/export.ts). Dated kinds are filtered by their own date, both ends
 * included; persons are not filtered.
 */
export const EXPORT_KINDS = ['person', 'visit', 'condolence', 'need', 'needStep', 'activity'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Every export and the report come as both; the screens offer them in this order. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportKind(kind: string): kind is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(kind);
}

/** The kinds a role may export: a team leader only its team's activities (the server answers 403 otherwise). */
export function exportKindsFor(role: Role): readonly ExportKind[] {
  return role === 'team_leader' ? ['activity'] : EXPORT_KINDS;
}

/** The Chinese name of an exported kind (file names, the 导出数据 screen). */
export function exportLabel(kind: ExportKind): string {
  return KIND_LABELS[kind];
}

export function exportPath(
  kind: ExportKind,
  format: ExportFormat,
  period: { from: string; to: string } | null,
): string {
  const query = period ? `?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}` : '';
  return `/api/export/${kind}.${format}${query}`;
}
