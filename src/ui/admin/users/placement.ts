import type { OrgIndex } from '../../../model/org.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../../model/vocab.ts';

/**
 * Where each role may sit, as the server's placementRefusal (src/server/admin/users.ts) demands: a worker in a
 * community, street staff in a street, the admin in the district, a team leader in a team (its unit follows).
 * The 所属单位 list offers only matching places, so a valid choice is the only kind the admin can make.
 */
const ROLE_LEVEL = {
  community_worker: 'community',
  street_staff: 'street',
  district_admin: 'district',
} as const;

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

/** A place option's value: `unit:<id>` or `team:<id>`, so one select serves every role. */
export interface PlaceOption {
  readonly value: string;
  readonly label: string;
}

function withStreet(org: OrgIndex, unitId: string, name: string): string {
  const street = org.streetOf(unitId);
  return street && street.id !== unitId ? `${street.name} · ${name}` : name;
}

export function placeOptions(org: OrgIndex, role: Role | ''): PlaceOption[] {
  if (role === '') return [];
  if (role === 'team_leader') {
    return [...org.teams.values()].map((t) => ({
      value: `team:${t.id}`,
      label: withStreet(org, t.unitId, t.name),
    }));
  }
  const level = ROLE_LEVEL[role];
  return org.tree.units
    .filter((u) => u.level === level)
    .map((u) => ({ value: `unit:${u.id}`, label: withStreet(org, u.id, u.name) }));
}

/** The place value of a user as it stands. */
export function placeOf(user: { role: Role; unitId: string; teamId: string | null }): string {
  return user.role === 'team_leader' && user.teamId !== null ? `team:${user.teamId}` : `unit:${user.unitId}`;
}

/** The request fields for a place value: a team leader sends its team and the team's unit. */
export function placeFields(org: OrgIndex, place: string): { unitId: string; teamId: string | null } | null {
  if (place.startsWith('team:')) {
    const team = org.teams.get(place.slice(5));
    return team ? { unitId: team.unitId, teamId: team.id } : null;
  }
  if (place.startsWith('unit:')) return { unitId: place.slice(5), teamId: null };
  return null;
}

/** The name shown in the list: the team for a team leader, else the unit (with its street). */
export function placeLabel(
  org: OrgIndex,
  user: { role: Role; unitId: string; teamId: string | null },
): string {
  if (user.role === 'team_leader' && user.teamId !== null) {
    return org.teams.get(user.teamId)?.name ?? user.teamId;
  }
  const unit = org.byId.get(user.unitId);
  return unit ? withStreet(org, unit.id, unit.name) : user.unitId;
}
