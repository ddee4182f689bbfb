import { OrgIndex, conflictRetentionError, visitTriggersError, type OrgTree } from '../../model/org.ts';
import { orgTreeSchema } from '../../protocol/org.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Store } from '../storage/store.ts';
import { auditEntry, CLI_CONTEXT, type AuditContext } from '../audit/actions.ts';
import { parseOr400 } from '../validate.ts';
import { placementRefusal } from './users.ts';

const MAX_UNITS = 5000;
const PARENT_LEVEL = { street: 'district', community: 'street' } as const;

/**
 * Checks that a tree is consistent: unique ids, one district at the root, streets under the district,
 * communities under streets, teams in known units. Throws `bad_request` listing the first problems.
 */
export function validateOrgTree(input: unknown): OrgTree {
  const triggers = (input as { visitTriggers?: unknown } | null)?.visitTriggers;
  if (Array.isArray(triggers) && triggers.every((t) => typeof t === 'string')) {
    // The list's own message (重复, 超过40个字…) rather than the generic one below.
    const why = visitTriggersError(triggers.map((t) => t.trim()));
    if (why !== null) throw new ProtocolError('bad_request', why, { field: 'visitTriggers' });
  }
  const days = (input as { conflictRetentionDays?: unknown } | null)?.conflictRetentionDays;
  if (typeof days === 'number') {
    const why = conflictRetentionError(days);
    if (why !== null) throw new ProtocolError('bad_request', why, { field: 'conflictRetentionDays' });
  }
  const tree = parseOr400(orgTreeSchema, input, '组织架构格式不正确');
  const problems: string[] = [];
  if (tree.units.length > MAX_UNITS) problems.push(`单位数量超过 ${MAX_UNITS}`);
  const byId = new Map<string, (typeof tree.units)[number]>();
  for (const u of tree.units) {
    if (byId.has(u.id)) problems.push(`单位编号重复：${u.id}`);
    byId.set(u.id, u);
  }
  const roots = tree.units.filter((u) => u.parentId === null);
  if (roots.length !== 1 || roots[0]?.level !== 'district') problems.push('必须有且只有一个区级单位作为根');
  for (const u of tree.units) {
    if (u.parentId === null) continue;
    const parent = byId.get(u.parentId);
    if (!parent) problems.push(`${u.name}（${u.id}）的上级 ${u.parentId} 不存在`);
    else if (u.level === 'district') problems.push(`区级单位 ${u.name} 不能有上级`);
    else if (parent.level !== PARENT_LEVEL[u.level]) problems.push(`${u.name} 的上级层级不正确`);
  }
  const teamIds = new Set<string>();
  for (const t of tree.teams) {
    if (teamIds.has(t.id)) problems.push(`服务队编号重复：${t.id}`);
    teamIds.add(t.id);
    if (!byId.has(t.unitId)) problems.push(`服务队 ${t.name} 所属单位 ${t.unitId} 不存在`);
  }
  if (problems.length > 0)
    throw new ProtocolError('bad_request', problems[0] ?? '组织架构不一致', {
      problems: problems.slice(0, 50),
    });
  return tree;
}

/** A unit or team as one comparable string: id, name and where it hangs. */
function key(u: { id: string; name: string; parentId?: string | null; unitId?: string }): string {
  return JSON.stringify([u.id, u.name, u.parentId ?? u.unitId ?? null]);
}

/** Ids of the entries of `keys` that `other` lacks. */
function ids(keys: Set<string>, other: Set<string>): string[] {
  return [...keys].filter((k) => !other.has(k)).map((k) => String((JSON.parse(k) as unknown[])[0]));
}

/**
 * Replaces the org tree after validating it, refusing (409 `conflict`) a tree that would strand a user in a
 * unit or team it no longer has. Records keep their unit ids; records of removed units stay visible to the
 * district admin only. A tree without `conflictRetentionDays` keeps the stored retention (model/org.ts).
 */
export async function replaceOrgTree(
  store: Store,
  input: unknown,
  ctx: AuditContext = CLI_CONTEXT,
): Promise<OrgTree> {
  const tree = validateOrgTree(input);
  const org = new OrgIndex(tree);
  const stranded = (await store.listUsers())
    .filter((u) => placementRefusal(org, u.role, u.unitId, u.teamId) !== null)
    .map((u) => u.username);
  if (stranded.length > 0) {
    throw new ProtocolError('conflict', '新的组织架构中缺少部分用户所在的单位或服务队，请先调整这些用户', {
      usernames: stranded,
    });
  }
  const old = await store.getOrg();
  const before = old.visitTriggers ?? null;
  await store.replaceOrg(tree);
  const after = tree.visitTriggers ?? null;
  const entries = [];
  const oldKeys = new Set([...old.units, ...old.teams].map(key));
  const newKeys = new Set([...tree.units, ...tree.teams].map(key));
  if (oldKeys.size !== newKeys.size || [...newKeys].some((k) => !oldKeys.has(k))) {
    // What changed in the tree, by id (a unit or team added, removed, renamed or moved), for the audit trail.
    entries.push(
      auditEntry(ctx, 'org_replace', {
        recordId: 'org:tree',
        detail: {
          units: tree.units.length,
          teams: tree.teams.length,
          removedOrChanged: ids(oldKeys, newKeys).slice(0, 500),
          addedOrChanged: ids(newKeys, oldKeys).slice(0, 500),
        },
      }),
    );
  }
  // Who changed a district setting, for the audit trail (the settings themselves are stored with the tree).
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    entries.push(
      auditEntry(ctx, 'org_settings', { recordId: 'org:visitTriggers', detail: { visitTriggers: after } }),
    );
  }
  const days = tree.conflictRetentionDays;
  if (days !== undefined && days !== old.conflictRetentionDays) {
    entries.push(
      auditEntry(ctx, 'org_settings', {
        recordId: 'org:conflictRetentionDays',
        detail: { conflictRetentionDays: days },
      }),
    );
  }
  if (entries.length > 0) await store.appendAudit(entries);
  return readOrgTree(store);
}

/**
 * The org tree as clients receive it (GET /api/org, GET /api/admin/org, `admin org export`): units and teams
 * with the 六必访 trigger list and the conflict retention when configured; without a field, its default applies.
 */
export async function readOrgTree(store: Store): Promise<OrgTree> {
  return store.getOrg();
}
