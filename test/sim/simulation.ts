import { randomBytes } from 'node:crypto';
import { saveSession } from '../../src/db/session-store.ts';
import type { Session } from '../../src/sync/session.ts';
import { hashToken, toSessionUser } from '../../src/server/auth/sessions.ts';
import { KINDS } from '../../src/model/kinds.ts';
import { OrgIndex } from '../../src/model/org.ts';
import { sameValue } from '../../src/model/merge.ts';
import { summarize } from '../../src/model/report.ts';
import { readReportRecords } from '../../src/db/report-source.ts';
import { storeSummary } from '../../src/server/reports/summary.ts';
import { DEMO_PASSWORD_DEFAULT } from '../../src/server/demo.ts';
import { areaFilter } from '../../src/server/replication/scope.ts';
import type { StoredRecord } from '../../src/server/storage/store.ts';
import { startTestServer, type TestServer } from '../server/helpers.ts';
import { CHECKED_FIELDS, Device, type Oracle } from './device.ts';
import { NO_FAULTS, type FaultRates, type Network } from './faulty-send.ts';
import { createRng } from './rng.ts';

export interface SimOptions {
  readonly seed: number;
  readonly pg?: boolean;
  /** Ticks of random work under faults before healing. */
  readonly ticks?: number;
}

export interface SimResult {
  readonly seed: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly diverged: number;
  /** What went wrong, for the failure message. */
  readonly problems: string[];
  readonly stats: Record<string, number>;
}

const USERS = ['worker1', 'worker2', 'worker3', 'street1'] as const;
const DAY = 86_400_000;

const FAULTS: FaultRates = {
  dropRequest: 0.08,
  dropResponse: 0.1,
  duplicate: 0.1,
  delay: 0.2,
  error500Before: 0.04,
  error500After: 0.04,
};

/**
 * One seeded run: four devices (two workers of 六联社区, one of 坪环社区, the 坪山街道 street staff) run the
 * real engine against the real server through a faulty network, with server restarts and skewed clocks. Then
 * the faults stop, everyone syncs to quiescence, and the oracle checks the outcome (issue 3, Proof).
 */
export async function runSimulation(opts: SimOptions): Promise<SimResult> {
  const rng = createRng(opts.seed);
  const server: TestServer = await startTestServer({ pg: opts.pg === true });
  const net: Network = { app: () => server.app, faults: NO_FAULTS, delayed: [], counts: {} };
  const oracle: Oracle = { generated: new Map(), seen: new Set(), created: new Map() };
  const devices = USERS.map(
    (u, i) =>
      new Device(
        u,
        i,
        createRng(opts.seed * 31 + i + 1),
        net,
        oracle,
        rng.int(-5, 5) * DAY + rng.int(0, DAY),
      ),
  );
  const problems: string[] = [];
  try {
    for (const [i, d] of devices.entries()) {
      await d.db.open();
      // One real login per run (scrypt is slow by design); the others get a session straight from the store,
      // as if they had logged in before the run.
      const res =
        i === 0
          ? await d.session.login(d.name, DEMO_PASSWORD_DEFAULT)
          : { ok: true as const, session: await issueSession(server, d) };
      if (!res.ok) throw new Error(`login ${d.name}: ${res.message}`);
      d.userId = res.session.user.id;
      d.unitId = res.session.user.unitId;
    }
    net.faults = FAULTS;
    const ticks = opts.ticks ?? 10;
    for (let t = 0; t < ticks; t++) {
      const work: Promise<unknown>[] = [];
      for (const d of devices) {
        if (rng.chance(0.75)) work.push(d.act());
        if (rng.chance(0.4)) work.push(d.engine.syncNow());
      }
      while (net.delayed.length > 0 && rng.chance(0.3)) {
        const late = net.delayed.splice(rng.int(0, net.delayed.length - 1), 1)[0];
        if (late) work.push(late().catch(() => undefined));
      }
      await Promise.all(work);
      if (rng.chance(0.05)) {
        // A session expires on the server mid-run (C9): the device must keep its outbox and ask for a login.
        const d = rng.pick(devices);
        const token = await d?.session.getToken();
        if (token) await server.store.deleteSession(hashToken(token));
        net.counts['expired'] = (net.counts['expired'] ?? 0) + 1;
      }
      if (rng.chance(0.08)) {
        net.counts['restart'] = (net.counts['restart'] ?? 0) + 1;
        await server.restart();
      }
    }
    // Heal: no faults, everyone online, late copies delivered, then sync until nothing moves.
    net.faults = NO_FAULTS;
    for (const d of devices) d.offline = false;
    for (const late of net.delayed.splice(0)) await late().catch(() => undefined);
    let quiet = false;
    for (let round = 0; round < 20 && !quiet; round++) {
      const before = await server.store.currentVersion();
      for (const d of devices) {
        await d.engine.syncNow();
        if (d.engine.getStatus().phase.kind === 'login-required') {
          await issueSession(server, d);
          await d.engine.syncNow();
        }
      }
      const pending = (await Promise.all(devices.map((d) => d.db.outbox.count()))).reduce((a, b) => a + b, 0);
      quiet = pending === 0 && (await server.store.currentVersion()) === before;
    }
    if (!quiet) problems.push('no quiescence after 20 healing rounds');
    const outcome = await check(server, devices, oracle, problems, net.counts);
    return { seed: opts.seed, ...outcome, problems, stats: net.counts };
  } finally {
    for (const d of devices) await d.dispose().catch(() => undefined);
    await server.close();
  }
}

/** Opens a session for the device's user directly in the store and caches it on the device. */
async function issueSession(server: TestServer, d: Device): Promise<Session> {
  const user = await server.store.getUserByUsername(d.name);
  if (!user) throw new Error(`no demo user ${d.name}`);
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + DAY);
  await server.store.createSession(hashToken(token), user.id, expiresAt);
  const session = { token, expiresAt: expiresAt.toISOString(), user: toSessionUser(user) };
  await saveSession(d.db, session);
  return session;
}

async function check(
  server: TestServer,
  devices: readonly Device[],
  oracle: Oracle,
  problems: string[],
  stats: Record<string, number>,
): Promise<{ lost: number; duplicated: number; diverged: number }> {
  let lost = 0;
  let duplicated = 0;
  let diverged = 0;
  const store = server.store;
  const org = new OrgIndex(await store.getOrg());
  const all = await store.scanRecords({ kinds: [...KINDS], unitIds: null, includeDeleted: true });
  const byId = new Map(all.map((r) => [r.id, r]));

  // 1. Every device equals the server for its area, with an empty outbox.
  for (const d of devices) {
    const session = await d.session.getSession();
    if (!session) {
      problems.push(`${d.name}: no session`);
      diverged++;
      continue;
    }
    const phase = d.engine.getStatus().phase.kind;
    if (phase !== 'synced') problems.push(`${d.name}: phase ${phase}`);
    const area = areaFilter(org, session.user);
    const inArea = (r: StoredRecord) =>
      'all' in area ? true : 'unitIds' in area ? area.unitIds.includes(r.unitId) : r.teamId === area.teamId;
    const expected = new Map(all.filter((r) => !r.deleted && inArea(r)).map((r) => [r.id, r]));
    const pending = await d.db.outbox.count();
    if (pending > 0) {
      diverged += pending;
      problems.push(`${d.name}: ${pending} outbox entries left`);
    }
    for (const kind of KINDS) {
      for (const row of await d.db.table_(kind).toArray()) {
        const { _v, ...data } = row as typeof row & { _v: number };
        const remote = expected.get(data.id);
        expected.delete(data.id);
        if (!remote || remote.kind !== kind) {
          diverged++;
          problems.push(`${d.name}: ${kind} ${data.id} not on the server for its area`);
        } else if (_v !== remote.version || !sameValue(data, remote.data)) {
          diverged++;
          problems.push(`${d.name}: ${kind} ${data.id} differs (device v${_v}, server v${remote.version})`);
        }
      }
    }
    for (const missing of expected.values()) {
      diverged++;
      problems.push(`${d.name}: ${missing.kind} ${missing.id} v${missing.version} missing on the device`);
    }
  }

  // 2. Every generated mutation applied exactly once, or kept as refused on its device — never both, never lost.
  const rejected = new Set<string>();
  for (const d of devices) for (const r of await d.db.rejected.toArray()) rejected.add(r.mutationId);
  stats['mutations'] = oracle.generated.size;
  stats['refused'] = rejected.size;
  stats['conflicts'] = all.filter((r) => r.kind === 'conflict').length;
  const logged = new Map<string, number>();
  const recordIds = new Set([
    ...all.map((r) => r.id),
    ...[...oracle.generated.values()].map((g) => g.recordId),
  ]);
  for (const id of recordIds) {
    for (const m of await store.mutationsOf(id))
      logged.set(m.mutationId, (logged.get(m.mutationId) ?? 0) + 1);
  }
  for (const [id, times] of logged) {
    if (times > 1) {
      duplicated += times - 1;
      problems.push(`mutation ${id} applied ${times} times`);
    }
    if (!oracle.generated.has(id)) {
      duplicated++;
      problems.push(`mutation ${id} in the server log was never made by a device`);
    }
  }
  for (const [id, g] of oracle.generated) {
    const applied = logged.has(id);
    if (applied && rejected.has(id)) {
      duplicated++;
      problems.push(`mutation ${id} (${g.device} seq ${g.seq}) both applied and kept as refused`);
    } else if (!applied && !rejected.has(id)) {
      lost++;
      problems.push(`mutation ${id} (${g.device} ${g.kind} ${g.op}) neither applied nor kept`);
    }
  }

  // 3. Nothing lost: every record whose create was applied is on the server (or was deleted on purpose).
  const createdBy = new Map<string, string>();
  for (const [id, g] of oracle.generated)
    if (g.op === 'put' && g.baseVersion === 0 && 'createdAt' in g.fields) createdBy.set(g.recordId, id);
  for (const recordId of oracle.created.keys()) {
    const create = createdBy.get(recordId);
    if (create === undefined || !logged.has(create)) continue;
    const row = byId.get(recordId);
    const deletedOnPurpose =
      row?.deleted === true &&
      [...oracle.generated.values()].some(
        (g) => g.recordId === recordId && g.op === 'delete' && logged.has(g.mutationId),
      );
    if (!row || (row.deleted && !deletedOnPurpose)) {
      lost++;
      problems.push(`record ${recordId} created but gone from the server`);
    }
  }

  // 4. Every overwritten value is the current value, was seen and replaced by a worker, or is in a conflict record.
  const conflicts = all
    .filter((r) => r.kind === 'conflict' && r.data !== null)
    .map((r) => r.data as Record<string, unknown>);
  for (const [id, g] of oracle.generated) {
    const field = g.kind === 'reveal' ? undefined : CHECKED_FIELDS[g.kind];
    if (field === undefined || g.op !== 'put' || !logged.has(id) || !(field in g.fields)) continue;
    const value = g.fields[field];
    const row = byId.get(g.recordId);
    if (!row || row.deleted) continue;
    if (sameValue(row.data?.[field], value)) continue;
    if (oracle.seen.has(`${g.recordId}|${field}|${JSON.stringify(value)}`)) continue;
    const inLog = conflicts.some(
      (c) =>
        c['recordId'] === g.recordId &&
        c['field'] === field &&
        (sameValue(c['overwrittenValue'], value) || sameValue(c['appliedValue'], value)),
    );
    if (!inLog) {
      lost++;
      problems.push(
        `${g.kind} ${g.recordId}.${field} = ${JSON.stringify(value)} (${g.device}) overwritten without a conflict record`,
      );
    }
  }

  // 5. Issue 4: a device's own-area report, computed offline, equals the server's for that unit — the one
  // aggregation over the same live records, whichever side runs it.
  for (const d of devices) {
    const q = { from: '2000-01-01', to: '2099-12-31', unitId: d.unitId };
    const onDevice = summarize(org, await readReportRecords(d.db, org, d.unitId), q);
    const onServer = await storeSummary(store, q, org);
    if (!sameValue(onDevice, onServer)) {
      diverged++;
      problems.push(`${d.name}: report of ${d.unitId} differs from the server's`);
    }
  }
  return { lost, duplicated, diverged };
}
