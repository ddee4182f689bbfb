import { z } from 'zod';

/**
 * GET /api/admin/audit (district admin) and `npm run admin -- audit`: the audit log, newest first, filtered by
 * user (username), person (record id), period (dates, both ends included) and action (SPEC.md S7).
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const auditQuerySchema = z.object({
  user: z.string().trim().min(1).max(60).optional(),
  person: z.string().trim().min(1).max(80).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  action: z.string().trim().min(1).max(40).optional(),
  /** The `next` of the previous page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type AuditQueryRequest = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  /** The user's username when known (null for the CLI, an unknown username of a failed login, a deleted user). */
  username: z.string().nullable(),
  action: z.string(),
  kind: z.string().nullable(),
  recordId: z.string().nullable(),
  detail: z.unknown(),
  clientId: z.string().nullable(),
  address: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next (older) page; null when this page was the last. */
  next: z.number().nullable(),
});
export type AuditResponse = z.infer<typeof auditResponseSchema>;
