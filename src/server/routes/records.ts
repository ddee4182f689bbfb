import type { FastifyInstance } from 'fastify';
import type { FieldChange } from '../../model/revisions.ts';
import { OrgIndex } from '../../model/org.ts';
import type { RecordHistory, Revision } from '../../protocol/record-history.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { REVISION_ACTION } from '../replication/change-set.ts';
import { areaFilter, inArea } from '../replication/scope.ts';
import type { Store } from '../storage/store.ts';
import { requireUser, type RouteOptions } from './guard.ts';

/** Revisions kept per record answer: far above what any real record is corrected. */
const MAX_REVISIONS = 500;

/**
 * GET /api/records/:id/history → RecordHistory (SPEC.md P18): the record's author and its revisions, built from
 * the revision rows the change set writes to the audit log, with server times and users' display names. 404
 * for a record the server does not have (or a tombstone), 403 outside the caller's area (S2, same rule as a pull).
 */
export function recordRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.get<{ Params: { id: string } }>('/api/records/:id/history', async (req): Promise<RecordHistory> => {
    const user = await requireUser(store, req);
    const rec = await store.getRecord(req.params.id);
    if (!rec || rec.deleted || !rec.data) {
      throw new ProtocolError('not_found', '找不到该记录', { recordId: req.params.id });
    }
    const org = new OrgIndex(await store.getOrg());
    if (!inArea(areaFilter(org, user), rec)) {
      throw new ProtocolError('forbidden', '该记录不在您的管辖范围内', { recordId: rec.id });
    }
    const rows = await store.listAudit({ recordId: rec.id, limit: MAX_REVISIONS });
    const names = await displayNames(store);
    const name = (id: string): string => names.get(id) ?? id;
    const revisions: Revision[] = rows
      .filter((r) => r.action === REVISION_ACTION)
      .map((r) => {
        const detail = (r.detail ?? {}) as { version?: number; changes?: FieldChange[] };
        return {
          at: r.at,
          by: r.userId ?? '',
          byName: name(r.userId ?? ''),
          version: detail.version ?? 0,
          changes: detail.changes ?? [],
        };
      })
      .sort((a, b) => a.version - b.version);
    const createdBy = typeof rec.data['createdBy'] === 'string' ? rec.data['createdBy'] : '';
    return {
      recordId: rec.id,
      kind: rec.kind,
      createdBy,
      createdByName: name(createdBy),
      createdAt: typeof rec.data['createdAt'] === 'string' ? rec.data['createdAt'] : '',
      revisions,
    };
  });
}

async function displayNames(store: Store): Promise<Map<string, string>> {
  return new Map((await store.listUsers()).map((u) => [u.id, u.displayName]));
}
