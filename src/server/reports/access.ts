import type { OrgIndex } from '../../model/org.ts';
import { STAFF_ROLES } from '../../model/roles.ts';
import type { SessionUser } from '../../protocol/auth.ts';

/**
 * Who may see the report of which unit: the district admin any unit; street staff its own street and the
 * communities in it; community workers and team leaders none (they see their figures on the device, offline,
 * over their own records). Returns the reason for a refusal, or null.
 */
export function reportRefusal(org: OrgIndex, user: SessionUser, unitId: string): string | null {
  if (!STAFF_ROLES.includes(user.role)) return '报表仅向街道工作人员和区级管理员开放';
  if (user.role === 'street_staff' && !org.isWithin(unitId, user.unitId)) {
    return '街道工作人员只能查看本街道及所辖社区的报表';
  }
  return null;
}
