import { auditResponseSchema, type AuditResponse } from '../protocol/audit.ts';
import { apiJson } from './api.ts';

/** The audit screen's filter: empty strings are left out. */
export interface AuditFilter {
  readonly user: string;
  readonly person: string;
  readonly from: string;
  readonly to: string;
  readonly action: string;
}

/** One page of the audit log (GET /api/admin/audit, district admin; needs the network). */
export async function fetchAudit(filter: AuditFilter, before: number | null): Promise<AuditResponse> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter))
    if (typeof v === 'string' && v.trim() !== '') q.set(k, v.trim());
  if (before !== null) q.set('before', String(before));
  q.set('limit', '100');
  return apiJson({ method: 'GET', path: `/api/admin/audit?${q.toString()}` }, auditResponseSchema);
}
