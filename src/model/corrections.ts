import type { Kind } from './kinds.ts';
import { STAFF_ROLES } from './roles.ts';
import type { Role } from './vocab.ts';

/**
 * Who may correct (edit) or void a visit, condolence or activity (SPEC.md S10): its author, or street staff and
 * the district admin within their area. The server enforces it on push; the device uses the same function only
 * to show or hide 修改 / 作废. The area itself is checked apart (S3).
 */
export const CORRECTABLE: ReadonlySet<Kind> = new Set<Kind>(['visit', 'condolence', 'activity']);

export const NOT_AUTHOR_REASON = '只有记录人或街道、区级工作人员可以修改或作废这条记录';

/** Why `user` may not change an existing record of `kind` written by `createdBy`, or null when it may. */
export function correctionRefusal(
  user: { readonly id: string; readonly role: Role },
  kind: Kind,
  createdBy: unknown,
): string | null {
  if (!CORRECTABLE.has(kind)) return null;
  if (user.id === createdBy) return null;
  if (STAFF_ROLES.includes(user.role)) return null;
  return NOT_AUTHOR_REASON;
}
