import { OrgIndex, pingshanTree } from '../model/org.ts';
import { ROLE_LABELS, type Role } from '../model/vocab.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { createUser, placementRefusal } from './admin/users.ts';
import { hashPassword, verifyPassword } from './auth/password.ts';
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
 * Demo mode only (`npm start`; never with NODE_ENV=production, main.ts): creates the 坪山区 org tree when the
 * store has none and the demo accounts that do not exist yet. Idempotent: a second start changes nothing, and
 * an org tree loaded by an admin is never replaced; a demo account whose unit or team that tree lacks is
 * skipped (a deployment with its own tree starts). Returns the accounts created now.
 */
export async function seedDemo(store: Store): Promise<DemoAccount[]> {
  if ((await store.getOrg()).units.length === 0) await store.replaceOrg(pingshanTree());
  const org = new OrgIndex(await store.getOrg());
  const created: DemoAccount[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if (placementRefusal(org, a.role, a.unitId, a.teamId) !== null) continue;
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
  const names = new Map(org.units.map((u) => [u.id, u.name]));
  const lines = [
    `组织架构：${root?.name ?? '（无）'} · ${streets.length} 个街道 · ${communities.length} 个社区 · ${org.teams.length} 支服务队`,
  ];
  if (DEMO_ACCOUNTS.some((a) => names.has(a.unitId)))
    lines.push('演示账号（密码均为 ' + demoPassword() + '）：');
  for (const a of DEMO_ACCOUNTS) {
    if (!(await store.getUserByUsername(a.username))) continue;
    lines.push(
      `  ${a.username.padEnd(8)} ${demoPassword()}  ${ROLE_LABELS[a.role]}  ${names.get(a.unitId) ?? a.unitId}`,
    );
  }
  return lines;
}

/**
 * Production start check (SPEC.md S5): the usernames of enabled accounts whose password is still a demo password
 * (the built-in one or DEMO_PASSWORD). Verifies every enabled account: a few hundred ms each at today's scrypt
 * cost, run two at a time (auth/password.ts), once per start.
 */
export async function accountsWithDemoPassword(store: Store): Promise<string[]> {
  const candidates = [...new Set([DEMO_PASSWORD_DEFAULT, demoPassword()])];
  const users = (await store.listUsers()).filter((u) => !u.disabled);
  const found = await Promise.all(
    users.map(async (u) => {
      for (const p of candidates) if (await verifyPassword(p, u.passwordHash)) return u.username;
      return null;
    }),
  );
  return found.filter((u) => u !== null);
}
