import { pingshanTree } from '../model/org.ts';
import { ROLE_LABELS, type Role } from '../model/vocab.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { createUser } from './admin/users.ts';
import { hashPassword } from './auth/password.ts';
import type { Store } from './storage/store.ts';

export const DEMO_PASSWORD_DEFAULT = 'zoufang-demo';

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: string;
  readonly teamId: string | null;
}

/** One account per role (team brief): two workers of 六联社区 for two-device tests, one of another street. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: '区管理员',
    role: 'district_admin',
    unitId: '440310000000',
    teamId: null,
  },
  {
    username: 'street1',
    displayName: '坪山街道王干事',
    role: 'street_staff',
    unitId: '440310001000',
    teamId: null,
  },
  {
    username: 'worker1',
    displayName: '六联社区李社工',
    role: 'community_worker',
    unitId: '440310001001',
    teamId: null,
  },
  {
    username: 'worker2',
    displayName: '六联社区陈社工',
    role: 'community_worker',
    unitId: '440310001001',
    teamId: null,
  },
  {
    username: 'worker3',
    displayName: '坪环社区刘社工',
    role: 'community_worker',
    unitId: '440310002001',
    teamId: null,
  },
  {
    username: 'leader1',
    displayName: '坪山街道服务队赵队长',
    role: 'team_leader',
    unitId: '440310001000',
    teamId: 'team-440310001000',
  },
];

export function demoPassword(): string {
  return process.env['DEMO_PASSWORD'] ?? DEMO_PASSWORD_DEFAULT;
}

/**
 * One scrypt hash of the demo password per process, shared by the demo accounts: test servers and the seeded
 * simulation start many fresh databases, and six scrypt runs each would dominate their start-up.
 */
const demoHashes = new Map<string, Promise<string>>();
function demoHash(password: string): Promise<string> {
  let h = demoHashes.get(password);
  if (!h) {
    h = hashPassword(password);
    demoHashes.set(password, h);
  }
  return h;
}

/**
 * Creates the 坪山区 org tree (when the store has none) and the demo accounts that do not exist yet.
 * Idempotent: a second start changes nothing, and an org tree loaded by an admin is never replaced.
 * Returns the accounts created now.
 */
export async function seedDemo(store: Store): Promise<DemoAccount[]> {
  const org = await store.getOrg();
  if (org.units.length === 0) await store.replaceOrg(pingshanTree());
  const created: DemoAccount[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if (await store.getUserByUsername(a.username)) continue;
    try {
      await createUser(store, { ...a, password: demoPassword() }, await demoHash(demoPassword()));
      created.push(a);
    } catch (e) {
      // Another server process seeding the same database created it first.
      if (!(e instanceof ProtocolError && e.reason === 'conflict')) throw e;
    }
  }
  return created;
}

/** Console lines describing the demo tree and accounts (printed by main.ts on start). */
export async function demoSummary(store: Store): Promise<string[]> {
  const org = await store.getOrg();
  const streets = org.units.filter((u) => u.level === 'street');
  const communities = org.units.filter((u) => u.level === 'community');
  const root = org.units.find((u) => u.parentId === null);
  const lines = [
    `组织架构：${root?.name ?? '（无）'} · ${streets.length} 个街道 · ${communities.length} 个社区 · ${org.teams.length} 支服务队`,
    '演示账号（密码均为 ' + demoPassword() + '）：',
  ];
  const names = new Map(org.units.map((u) => [u.id, u.name]));
  for (const a of DEMO_ACCOUNTS) {
    if (!(await store.getUserByUsername(a.username))) continue;
    lines.push(
      `  ${a.username.padEnd(8)} ${demoPassword()}  ${ROLE_LABELS[a.role]}  ${names.get(a.unitId) ?? a.unitId}`,
    );
  }
  return lines;
}
