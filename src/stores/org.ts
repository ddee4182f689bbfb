import { getMeta, META } from '../db/meta.ts';
import { OrgIndex, pingshanTree, visitTriggersOf, type OrgTree, type OrgUnit } from '../model/org.ts';
import { getDb } from './db.ts';
import { currentUser } from './session.ts';

/**
 * The org tree as the device knows it: the copy the sync engine cached (META.org), else the demo default.
 * Deliberately schema-free (a cached tree from our own server is trusted shape-wise).
 */
let cached: OrgIndex | null = null;

export async function loadOrg(): Promise<OrgIndex> {
  let tree: OrgTree | undefined;
  try {
    tree = await getMeta<OrgTree>(getDb(), META.org);
  } catch {
    // Unreadable right now: the last tree read serves.
    cached ??= new OrgIndex(pingshanTree());
    return cached;
  }
  // A database without a tree (another one swapped in) gets the default, not the previous one's tree and list.
  cached = new OrgIndex(tree && Array.isArray(tree.units) && tree.units.length > 0 ? tree : pingshanTree());
  return cached;
}

/**
 * The 六必访 trigger list the district admin configured, as this device last received it (the default before
 * any tree arrived, or when the tree has no list). Offline it is the cached list.
 */
export async function loadVisitTriggers(): Promise<readonly string[]> {
  return visitTriggersOf((await loadOrg()).tree);
}

/** The communities the signed-in user works in (its unit's communities). */
export async function myCommunities(): Promise<OrgUnit[]> {
  const org = await loadOrg();
  const unitId = currentUser()?.unitId;
  const ids = unitId ? org.communitiesOf(unitId) : [];
  return ids.map((id) => org.byId.get(id)).filter((u) => u !== undefined);
}

/** A community's name with its street, e.g. 坪山街道 · 六联社区. */
export function unitLabel(org: OrgIndex, id: string): string {
  const unit = org.byId.get(id);
  if (!unit) return id;
  const street = org.streetOf(id);
  return street && street.id !== id ? `${street.name} · ${unit.name}` : unit.name;
}
