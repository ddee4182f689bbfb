import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { conflictRetentionOf, visitTriggersOf } from '../../model/org.ts';
import { ROLE_LABELS } from '../../model/vocab.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { readOrgTree, replaceOrgTree } from '../admin/org.ts';
import { createUser, listUsers, updateUser } from '../admin/users.ts';
import { archiveResolvedConflicts } from '../replication/archive.ts';
import { openStore } from '../storage/open.ts';
import { queryAudit } from '../audit/query.ts';
import { readSecret } from './read-secret.ts';
import type { Store } from '../storage/store.ts';

const USAGE = `走访通 admin — uses DATABASE_URL, else the SQLite file data/zoufang.sqlite

  npm run admin -- user add --username U --role R [--unit ID] [--team T] [--name N]
                                            (reads the password from standard input)
  npm run admin -- user set U [--role R] [--unit ID] [--team T|--no-team] [--password] [--name N] [--disable|--enable]
                                            (--password: reads a new password from standard input; the user
                                             must change it at the next login)
  npm run admin -- user list
  npm run admin -- org import FILE.json     (replaces the tree: {units:[{id,name,level,parentId}], teams:[{id,name,unitId}]})
  npm run admin -- org export               (prints the tree as JSON)
  npm run admin -- org triggers             (prints the 六必访 trigger list, one label a line)
  npm run admin -- org triggers set L1 L2 …  (sets the list: 1–12 distinct labels of at most 40 characters)
  npm run admin -- org triggers reset       (back to the default list of docs/domain.md)
  npm run admin -- org conflict-retention   (prints the days a resolved conflict record stays before archiving)
  npm run admin -- org conflict-retention DAYS  (sets them: 7–3650; the server archives hourly)
  npm run admin -- conflicts archive        (archives the resolved conflict records past the retention now)
  An imported tree without "visitTriggers" uses the default list.
  npm run admin -- audit [--user U] [--person ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action A] [--limit N]
                                            (the audit log, newest first, one JSON object a line)

Passwords are never taken from the command line: type them at the prompt, or pipe one line, e.g.
  printf '%s\n' "$NEW_PASSWORD" | npm run admin -- user add --username admin --role district_admin --unit 440310000000
Password rules: at least 10 characters, not a common password, not containing the username.

First start of a real deployment: org import FILE.json, then user add … --role district_admin, then
NODE_ENV=production npm run serve.

roles: community_worker | street_staff | district_admin | team_leader`;

const OPTIONS = {
  username: { type: 'string' },
  password: { type: 'boolean' },
  role: { type: 'string' },
  unit: { type: 'string' },
  team: { type: 'string' },
  'no-team': { type: 'boolean' },
  name: { type: 'string' },
  disable: { type: 'boolean' },
  enable: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  user: { type: 'string' },
  person: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  action: { type: 'string' },
  limit: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function run(store: Store, args: readonly string[], values: Values): Promise<void> {
  const [area, action, target] = args;
  if (area === 'user' && action === 'add') {
    if (args.length > 2) throw new UsageError();
    const user = await createUser(store, {
      username: values.username,
      password: await readSecret(`用户 ${values.username ?? ''} 的密码：`),
      role: values.role,
      unitId: values.unit,
      teamId: values.team ?? null,
      displayName: values.name,
    });
    console.log(`已创建用户 ${user.username}（${ROLE_LABELS[user.role]}，单位 ${user.unitId}）`);
    return;
  }
  if (area === 'user' && action === 'set' && target !== undefined && args.length === 3) {
    const cur = await store.getUserByUsername(target);
    if (!cur) throw new ProtocolError('not_found', `用户 ${target} 不存在`);
    const patch: Record<string, unknown> = {};
    if (values.role !== undefined) patch['role'] = values.role;
    if (values.unit !== undefined) patch['unitId'] = values.unit;
    if (values.team !== undefined) patch['teamId'] = values.team;
    if (values['no-team'] === true) patch['teamId'] = null;
    if (values.password === true) patch['password'] = await readSecret(`用户 ${target} 的新密码：`);
    if (values.name !== undefined) patch['displayName'] = values.name;
    if (values.disable === true) patch['disabled'] = true;
    if (values.enable === true) patch['disabled'] = false;
    const user = await updateUser(store, cur.id, patch);
    console.log(
      `已更新用户 ${user.username}（${ROLE_LABELS[user.role]}，单位 ${user.unitId}${user.disabled ? '，已停用' : ''}）`,
    );
    return;
  }
  if (area === 'user' && action === 'list') {
    for (const u of await listUsers(store)) {
      const team = u.teamId === null ? '' : ` ${u.teamId}`;
      console.log(
        `${u.username}\t${u.role}\t${u.unitId}${team}\t${u.displayName}${u.disabled ? '\t(停用)' : ''}`,
      );
    }
    return;
  }
  if (area === 'audit' && args.length === 1) {
    const { user, person, from, to, action: what, limit } = values;
    const q = { user, person, from, to, action: what, limit: limit ?? '500' };
    const res = await queryAudit(
      store,
      Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)),
    );
    for (const e of res.entries) console.log(JSON.stringify(e));
    if (res.next !== null) console.error(`（仅显示最新 ${res.entries.length} 条；用 --limit 查看更多）`);
    return;
  }
  if (area === 'org' && action === 'import' && target !== undefined) {
    const tree = await replaceOrgTree(store, JSON.parse(readFileSync(target, 'utf8')));
    console.log(`已导入组织架构：${tree.units.length} 个单位，${tree.teams.length} 支服务队`);
    return;
  }
  if (area === 'org' && action === 'export') {
    console.log(JSON.stringify(await readOrgTree(store), null, 2));
    return;
  }
  if (area === 'org' && action === 'triggers') {
    const labels = args.slice(3);
    if (target === undefined && labels.length === 0) {
      console.log(visitTriggersOf(await readOrgTree(store)).join('\n'));
      return;
    }
    if ((target === 'set' && labels.length > 0) || (target === 'reset' && labels.length === 0)) {
      // The whole tree goes back unchanged but for the list: the same checks as 组织架构 on the screen.
      const { units, teams } = await readOrgTree(store);
      const tree = target === 'set' ? { units, teams, visitTriggers: labels } : { units, teams };
      const saved = await replaceOrgTree(store, tree);
      console.log(
        `六必访情形已${target === 'set' ? '更新' : '恢复默认'}：${visitTriggersOf(saved).join('、')}`,
      );
      return;
    }
  }
  if (area === 'org' && action === 'conflict-retention' && args.length <= 3) {
    if (target === undefined) {
      console.log(String(conflictRetentionOf(await readOrgTree(store))));
      return;
    }
    if (!/^\d+$/.test(target)) throw new UsageError();
    // As for the trigger list: the stored tree goes back unchanged but for the setting, through the same checks.
    const saved = await replaceOrgTree(store, {
      ...(await readOrgTree(store)),
      conflictRetentionDays: Number(target),
    });
    console.log(`已处理的冲突记录保留 ${conflictRetentionOf(saved)} 天，之后归档`);
    return;
  }
  if (area === 'conflicts' && action === 'archive' && target === undefined) {
    const r = await archiveResolvedConflicts(store);
    console.log(`已归档 ${r.archived} 条已处理超过 ${r.retentionDays} 天的冲突记录`);
    return;
  }
  throw new UsageError();
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    console.error(USAGE);
    return 2;
  }
  if (parsed.values.help === true || parsed.positionals.length === 0) {
    console.log(USAGE);
    return parsed.values.help === true ? 0 : 2;
  }
  const store = await openStore(process.env['DATABASE_URL']);
  try {
    await run(store, parsed.positionals, parsed.values);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) console.error(USAGE);
    else if (e instanceof ProtocolError) {
      console.error(`错误（${e.reason}）：${e.message}`);
      if (e.details !== undefined) console.error(JSON.stringify(e.details));
    } else if (e instanceof SyntaxError) console.error(`JSON 格式错误：${e.message}`);
    else throw e;
    return 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
