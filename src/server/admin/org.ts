import { z } from 'zod';
import { OrgIndex, visitTriggersError, type OrgTree } from '../../model/org.ts';
import { orgTreeSchema } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Store } from '../storage/store.ts';
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

/**
 * Replaces the org tree after validating it, refusing (409 `conflict`) a tree that would strand a user in a
 * unit or team it no longer has. Records keep their unit ids; records of removed units stay visible to the
 * district admin only.
 */
export async function replaceOrgTree(
  store: Store,
  input: unknown,
  by: string | null = null,
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
  await store.replaceOrg(tree);
  const before = await storedVisitTriggers(store);
  const after = tree.visitTriggers ?? null;
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    await store.appendAudit([
      {
        userId: by,
        action: TRIGGERS_ACTION,
        kind: null,
        recordId: TRIGGERS_ENTRY,
        detail: { visitTriggers: after },
      },
    ]);
  }
  return readOrgTree(store);
}

/*
 * Where the 六必访 trigger list is kept. The Store holds units and teams in tables (org_units, teams) and has no
 * place for settings yet, and src/server/storage is another engineer's; so the list is kept as the newest
 * audit entry under the record id TRIGGERS_ENTRY — every change is audited anyway, and that entry is the
 * setting (detail.visitTriggers; null = back to the default). A lookup is one indexed read (audit_record).
 * Important: the entry is appended after `replaceOrg`, outside its transaction: if it fails, the tree is saved
 * with the previous list and the caller sees the error (saving again is safe). Should the Store one day keep the
 * list with the tree (getOrg returning `visitTriggers`), readOrgTree prefers that value.
 */
const TRIGGERS_ENTRY = 'org:visitTriggers';
const TRIGGERS_ACTION = 'org_settings';
const triggersDetailSchema = z.object({
  visitTriggers: orgTreeSchema.shape.visitTriggers.unwrap().nullable(),
});

async function storedVisitTriggers(store: Store): Promise<readonly string[] | null> {
  const [entry] = await store.listAudit({ recordId: TRIGGERS_ENTRY, limit: 1 });
  const parsed = triggersDetailSchema.safeParse(entry?.detail);
  return parsed.success ? parsed.data.visitTriggers : null;
}

/**
 * The org tree as clients receive it (GET /api/org, GET /api/admin/org, `admin org export`): units and teams
 * with the 六必访 trigger list when one is configured; without the field, the default applies.
 */
export async function readOrgTree(store: Store): Promise<OrgTree> {
  const tree = await store.getOrg();
  if (tree.visitTriggers !== undefined) return tree;
  const triggers = await storedVisitTriggers(store);
  return triggers === null ? tree : { ...tree, visitTriggers: triggers };
}
