import { auditQuerySchema, type AuditResponse } from '../../protocol/audit.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { AuditQuery, Store } from '../storage/store.ts';
import { parseOr400 } from '../validate.ts';

const DEFAULT_LIMIT = 100;

/** The day after a `YYYY-MM-DD`, as an ISO instant (UTC): `to` includes its whole day. */
function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/**
 * Reads the audit log for the admin screen and the CLI (SPEC.md S7). Dates are UTC days. An unknown username
 * matches nothing (never everything).
 */
export async function queryAudit(store: Store, input: unknown): Promise<AuditResponse> {
  const q = parseOr400(auditQuerySchema, input, '审计查询条件不正确');
  const limit = q.limit ?? DEFAULT_LIMIT;
  const users = await store.listUsers();
  const names = new Map(users.map((u) => [u.id, u.username]));
  let userId: string | undefined;
  if (q.user !== undefined) {
    const u = users.find((x) => x.username === q.user || x.id === q.user);
    if (!u) throw new ProtocolError('not_found', `用户 ${q.user} 不存在`, { user: q.user });
    userId = u.id;
  }
  const query: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = { limit: limit + 1 };
  if (userId !== undefined) query.userId = userId;
  if (q.person !== undefined) query.personId = q.person;
  if (q.action !== undefined) query.action = q.action;
  if (q.from !== undefined) query.from = new Date(`${q.from}T00:00:00.000Z`).toISOString();
  if (q.to !== undefined) query.to = dayAfter(q.to);
  if (q.before !== undefined) query.beforeId = q.before;
  const rows = await store.listAudit(query);
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.userId,
      username: r.userId === null ? null : (names.get(r.userId) ?? null),
      action: r.action,
      kind: r.kind,
      recordId: r.recordId,
      detail: r.detail,
      clientId: r.clientId,
      address: r.address,
    })),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
