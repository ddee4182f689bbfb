import type { Kind } from '../../model/kinds.ts';
import type { OrgIndex } from '../../model/org.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import type { AreaFilter, StoredRecord } from '../storage/store.ts';

/**
 * Areas (SPEC.md S1–S3). A user's area is the subtree of its org unit (community worker: its community; street
 * staff: its street; district admin: the district); a team leader's area is its team's activities.
 */

/** Where a record lives: enough to decide who may read or write it. */
export interface Location {
  readonly kind: Kind;
  readonly unitId: string;
  readonly teamId: string | null;
}

/** The pull filter for a user (SPEC.md S2). */
export function areaFilter(org: OrgIndex, user: SessionUser): AreaFilter {
  if (user.role === 'team_leader') return { teamId: user.teamId ?? '' };
  // The root sees everything, including records of units later removed from the tree.
  if (org.root?.id === user.unitId) return { all: true };
  return { unitIds: org.subtree(user.unitId) };
}

/** True when the record, where it is now, lies in the area (false for one that only left it). */
export function inArea(area: AreaFilter, r: StoredRecord): boolean {
  if ('all' in area) return true;
  if ('teamId' in area) return r.teamId === area.teamId;
  return area.unitIds.includes(r.unitId);
}

/**
 * True when a change to records of these units and teams (where they are now and where they left, S2) may
 * concern a pull of the area: what a poke (SPEC.md C16) is sent on. Same rule as `inArea`, applied to places.
 */
export function touchesArea(
  area: AreaFilter,
  places: { readonly unitIds: readonly string[]; readonly teamIds: readonly string[] },
): boolean {
  if ('all' in area) return true;
  if ('teamId' in area) return places.teamIds.includes(area.teamId);
  return places.unitIds.some((u) => area.unitIds.includes(u));
}

/**
 * Why `user` may not write a record at `loc`, or null when it may (SPEC.md S3). Called for the record as it
 * was before a change and as it is after it.
 */
export function writeRefusal(org: OrgIndex, user: SessionUser, loc: Location): string | null {
  if (user.role === 'team_leader') {
    if (loc.kind !== 'activity' && loc.kind !== 'conflict') return '志愿服务队队长只能记录本队的志愿服务活动';
    if (loc.teamId === null || loc.teamId !== user.teamId) return '只能修改本服务队的活动';
    return null;
  }
  if (!org.isWithin(loc.unitId, user.unitId)) return '该记录不在您的管辖范围内';
  return null;
}
