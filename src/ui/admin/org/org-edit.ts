import { visitTriggersError, type OrgTree, type OrgUnit, type Team } from '../../../model/org.ts';

/**
 * Pure edits of the org tree the admin screen makes before one PUT /api/admin/org. Ids are never changed:
 * records keep their unit ids (src/server/admin/org.ts), so a rename touches only the name.
 *
 * New ids follow the 12-digit statistical-code layout the demo tree uses (440310 + street 3 digits +
 * community 3 digits; pingshanTree in src/model/org.ts) when the parent's id has it, else the parent's id
 * plus a suffix. Both stay within the schemas' 40 characters for a unit id in ordinary trees.
 */
const DISTRICT_CODE = /^(\d{6})000000$/;
const STREET_CODE = /^(\d{9})000$/;

function ids(tree: OrgTree): Set<string> {
  return new Set([...tree.units.map((u) => u.id), ...tree.teams.map((t) => t.id)]);
}

function firstFree(taken: Set<string>, make: (n: number) => string, from = 1): string {
  for (let n = from; ; n++) {
    const id = make(n);
    if (!taken.has(id)) return id;
  }
}

const pad3 = (n: number) => String(n).padStart(3, '0');

export function newStreetId(tree: OrgTree, districtId: string): string {
  const m = DISTRICT_CODE.exec(districtId);
  const taken = ids(tree);
  if (m && [...Array(999).keys()].some((i) => !taken.has(`${m[1]}${pad3(i + 1)}000`))) {
    return firstFree(taken, (n) => `${m[1]}${pad3(n)}000`);
  }
  return firstFree(taken, (n) => `${districtId}-s${n}`);
}

export function newCommunityId(tree: OrgTree, streetId: string): string {
  const m = STREET_CODE.exec(streetId);
  const taken = ids(tree);
  if (m && [...Array(999).keys()].some((i) => !taken.has(`${m[1]}${pad3(i + 1)}`))) {
    return firstFree(taken, (n) => `${m[1]}${pad3(n)}`);
  }
  return firstFree(taken, (n) => `${streetId}-c${n}`);
}

export function newTeamId(tree: OrgTree, unitId: string): string {
  const taken = ids(tree);
  const first = `team-${unitId}`;
  return taken.has(first) ? firstFree(taken, (n) => `${first}-${n}`, 2) : first;
}

export function addStreet(tree: OrgTree, name: string): OrgTree {
  const district = tree.units.find((u) => u.parentId === null);
  if (!district) return tree;
  const unit: OrgUnit = { id: newStreetId(tree, district.id), name, level: 'street', parentId: district.id };
  return { ...tree, units: [...tree.units, unit] };
}

export function addCommunity(tree: OrgTree, streetId: string, name: string): OrgTree {
  const unit: OrgUnit = { id: newCommunityId(tree, streetId), name, level: 'community', parentId: streetId };
  return { ...tree, units: [...tree.units, unit] };
}

export function addTeam(tree: OrgTree, unitId: string, name: string): OrgTree {
  const team: Team = { id: newTeamId(tree, unitId), name, unitId };
  return { ...tree, teams: [...tree.teams, team] };
}

/** Renames the unit or team with this id (ids of units and teams do not collide in a valid tree). */
export function rename(tree: OrgTree, id: string, name: string): OrgTree {
  return {
    ...tree,
    units: tree.units.map((u) => (u.id === id ? { ...u, name } : u)),
    teams: tree.teams.map((t) => (t.id === id ? { ...t, name } : t)),
  };
}

/** The name's problem, or null: required, at most 50 characters, not a sibling's name. */
export function nameError(name: string, siblings: readonly string[]): string | null {
  const n = name.trim();
  if (n === '') return '请填写名称';
  if (n.length > 50) return '名称最多50个字';
  if (siblings.includes(n)) return '同一上级下已有同名单位或服务队';
  return null;
}

/**
 * The 六必访 list typed one label per line: labels trimmed, blank lines dropped. Returns the list or the
 * problem (visitTriggersError's Chinese message).
 */
export function parseTriggerLines(text: string): { list: string[] } | { error: string } {
  const list = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const error = visitTriggersError(list);
  return error === null ? { list } : { error };
}

/** Sets the 六必访 list; null drops the field, so the default list applies (恢复默认). */
export function withTriggers(tree: OrgTree, list: readonly string[] | null): OrgTree {
  // Other settings of the tree (the conflict retention) ride along unchanged.
  const { visitTriggers: _old, ...rest } = tree;
  return list === null ? rest : { ...rest, visitTriggers: list };
}
