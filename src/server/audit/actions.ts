import type { AuditEntry } from '../storage/store.ts';

/**
 * The audit log's actions (SPEC.md S7). Each row says who (`userId`), from which device (`clientId`, when the
 * request named one) and address, when, and what:
 * - `login`, `login_failed`, `password_change`, `password_change_failed`;
 * - `read`: a pull page delivered personal records, `detail.ids` the ids of the page (persons and the records
 *   about them), `kind` null when the page mixed kinds;
 * - `export`: an export file, `detail.ids` every record id it contained;
 * - `reveal`: a device showed a whole ID number or mobile (`recordId` the person, `detail.field`), or where a record
 *   was saved (`detail.field` `location`, `kind` and `recordId` that record, S11), pushed from the device as a
 *   record of kind `reveal` and appended here;
 * - `user_create`, `user_update` (fields changed, never a password), `org_replace`, `org_settings`;
 * - `import`: an import committed (file name, counts, the ids written);
 * - `change`, `delete`: a server-side write of a person (imports);
 * - `merge`: street staff merged a duplicate person into its original (SPEC.md P19), `recordId` the survivor,
 *   `detail.duplicateId`, `detail.moved` the records that moved, `detail.duplicate` the merged file as it was.
 */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'password_change',
  'password_change_failed',
  'read',
  'export',
  'reveal',
  'user_create',
  'user_update',
  'org_replace',
  'org_settings',
  'import',
  'change',
  'delete',
  'merge',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who does an audited thing: the session user and where the request came from; the CLI has no user. */
export interface AuditContext {
  readonly userId: string | null;
  readonly address: string | null;
  readonly clientId?: string | null;
}

/** The CLI on the server's own machine (`npm run admin`, `npm run import`). */
export const CLI_CONTEXT: AuditContext = { userId: null, address: 'cli' };

/** An audit row of `ctx` doing `action`. */
export function auditEntry(
  ctx: AuditContext,
  action: AuditAction,
  what: { kind?: string | null; recordId?: string | null; detail?: unknown } = {},
): AuditEntry {
  return {
    userId: ctx.userId,
    address: ctx.address,
    clientId: ctx.clientId ?? null,
    action,
    kind: what.kind ?? null,
    recordId: what.recordId ?? null,
    detail: what.detail ?? null,
  };
}
