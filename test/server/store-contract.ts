import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import { ProtocolError } from '../../src/protocol/errors.ts';
import type { Store, StoredRecord, UserRow } from '../../src/server/storage/store.ts';

/**
 * The storage contract (STYLE.md habit 1): every Store implementation passes this same suite.
 * `open` gives a fresh, empty, migrated store; `reopen` opens the same database again (migrations re-run).
 */
export interface StoreHarness {
  open(): Promise<Store>;
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

const C1 = '440310001001';
const C2 = '440310002001';
const uuid = (n: number): string => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function rec(n: number, version: number, over: Partial<StoredRecord> = {}): StoredRecord {
  return {
    kind: 'person',
    id: uuid(n),
    version,
    deleted: false,
    unitId: C1,
    streetId: '440310001000',
    teamId: null,
    leftUnitId: null,
    leftTeamId: null,
    data: { id: uuid(n), name: `人${n}` },
    stamps: { name: { v: version, by: 'u1' } },
    ...over,
  };
}

function user(over: Partial<UserRow> = {}): UserRow {
  return {
    id: 'u1',
    username: 'worker1',
    displayName: '张社工',
    role: 'community_worker',
    unitId: C1,
    teamId: null,
    passwordHash: 'scrypt$x',
    disabled: false,
    createdAt: '2026-11-28T00:00:00.000Z',
    mustChangePassword: false,
    ...over,
  };
}

async function saveRecords(store: Store, records: StoredRecord[]): Promise<void> {
  await store.write(async (tx) => {
    await tx.save({
      records,
      mutations: [],
      audit: [],
      client: null,
      version: Math.max(tx.version, ...records.map((r) => r.version)),
    });
  });
}

/** A conflict record resolved (or not) on a device whose clock said the year 2000 (P9: it must not matter). */
const conflict = (n: number, version: number, resolution: string | null, over: Partial<StoredRecord> = {}) =>
  rec(n, version, {
    kind: 'conflict',
    data: { id: uuid(n), field: 'address', resolution, resolvedAt: '2000-01-01T00:00:00.000Z' },
    ...over,
  });

/** The mutation row a client's push leaves for a record's current version. */
const mutation = (r: StoredRecord, seq: number) => ({
  clientId: 'c1',
  seq,
  mutationId: `m${seq}`,
  userId: 'u1',
  kind: r.kind,
  recordId: r.id,
  op: 'put' as const,
  version: r.version,
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  const box: { resolve: () => void } = { resolve: () => undefined };
  const promise = new Promise<void>((r) => {
    box.resolve = r;
  });
  return { promise, resolve: () => box.resolve() };
}

/** Store.scanReport's lists, parsed: `{ kind: [projection, …] }`. */
const parsed = (m: ReadonlyMap<string, string>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, JSON.parse(v) as unknown]));

export function storeContract(name: string, harness: () => StoreHarness): void {
  describe(`${name} store contract`, () => {
    let h: StoreHarness;
    let store: Store;
    beforeEach(async () => {
      h = harness();
      store = await h.open();
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup();
    });

    it('opens an empty store at version 0 and re-running the migrations keeps the data', async () => {
      expect(await store.currentVersion()).toBe(0);
      await saveRecords(store, [rec(1, 1)]);
      await store.close();
      store = await h.reopen();
      expect(await store.currentVersion()).toBe(1);
      expect((await store.getRecord(uuid(1)))?.data).toEqual({ id: uuid(1), name: '人1' });
    });

    it('replaces the org tree as a whole and returns it in the given order', async () => {
      expect(await store.getOrg()).toEqual({ units: [], teams: [] });
      const tree = pingshanTree();
      await store.replaceOrg(tree);
      expect(await store.getOrg()).toEqual(tree);
      const smaller = { units: tree.units.slice(0, 3), teams: tree.teams.slice(0, 1) };
      await store.replaceOrg(smaller);
      expect(await store.getOrg()).toEqual(smaller);
    });

    it('keeps the 六必访 list with the tree, and a tree saved without one drops it', async () => {
      const tree = { ...pingshanTree(), visitTriggers: ['重大节日', '生病住院'] };
      await store.replaceOrg(tree);
      expect(await store.getOrg()).toEqual(tree);
      const { visitTriggers: _gone, ...plain } = tree;
      await store.replaceOrg(plain);
      expect(await store.getOrg()).toEqual(plain);
      expect('visitTriggers' in (await store.getOrg())).toBe(false);
    });

    it('keeps the conflict retention with the tree; a tree saved without it keeps the stored one', async () => {
      const tree = { ...pingshanTree(), conflictRetentionDays: 365 };
      await store.replaceOrg(tree);
      expect(await store.getOrg()).toEqual(tree);
      await store.replaceOrg({ ...pingshanTree(), visitTriggers: ['重大节日'] });
      expect(await store.getOrg()).toEqual({ ...tree, visitTriggers: ['重大节日'] });
      await store.replaceOrg({ ...pingshanTree(), conflictRetentionDays: 30 });
      expect((await store.getOrg()).conflictRetentionDays).toBe(30);
    });

    it('a write reads the org tree of its own transaction, and an org change waits for the write to end', async () => {
      const tree = pingshanTree();
      await store.replaceOrg(tree);
      const smaller = { units: tree.units.slice(0, 3), teams: [] };
      const gate = deferred();
      const inside = deferred();
      const seen = store.write(async (tx) => {
        inside.resolve();
        await gate.promise;
        return tx.org();
      });
      await inside.promise;
      let replaced = false;
      const change = (async () => {
        await store.replaceOrg(smaller);
        replaced = true;
      })();
      // Without the wait, the change commits here and the write below would see half of it or all of it.
      await new Promise((r) => setTimeout(r, 300));
      const replacedMeanwhile = replaced;
      gate.resolve();
      expect(await seen).toEqual(tree);
      expect(replacedMeanwhile).toBe(false);
      await change;
      expect(await store.getOrg()).toEqual(smaller);
    });

    it('creates, finds, updates and lists users, refusing a taken username with conflict', async () => {
      await store.createUser(user());
      await store.createUser(user({ id: 'u2', username: 'admin', role: 'district_admin', disabled: true }));
      await expect(store.createUser(user({ id: 'u3' }))).rejects.toSatisfy(
        (e) => e instanceof ProtocolError && e.reason === 'conflict',
      );
      expect(await store.getUserByUsername('worker1')).toEqual(user());
      expect((await store.getUser('u2'))?.disabled).toBe(true);
      const updated = await store.updateUser('u1', {
        role: 'street_staff',
        unitId: '440310001000',
        disabled: true,
      });
      expect(updated).toMatchObject({
        role: 'street_staff',
        unitId: '440310001000',
        disabled: true,
        username: 'worker1',
      });
      expect(await store.updateUser('nobody', { disabled: true })).toBeNull();
      expect((await store.listUsers()).map((u) => u.username)).toEqual(['admin', 'worker1']);
    });

    it('keeps sessions by token hash with their expiry until deleted', async () => {
      const expires = new Date('2030-01-01T00:00:00.000Z');
      await store.createSession('h1', 'u1', expires);
      await store.createSession('h2', 'u1', expires);
      await store.createSession('h3', 'u2', expires);
      expect(await store.getSession('h1')).toEqual({ userId: 'u1', expiresAt: expires });
      await store.deleteSession('h1');
      expect(await store.getSession('h1')).toBeNull();
      await store.createSession('old', 'u2', new Date('2020-01-01T00:00:00.000Z'));
      expect(await store.deleteExpiredSessions(new Date('2026-01-01T00:00:00.000Z'))).toBe(1);
      expect(await store.getSession('old')).toBeNull();
      await store.deleteUserSessions('u1');
      expect(await store.getSession('h2')).toBeNull();
      expect(await store.getSession('h3')).not.toBeNull();
    });

    it('[P3] stores records, mutations, the client row and the counter of a write together', async () => {
      const result = await store.write(async (tx) => {
        expect(tx.version).toBe(0);
        expect(await tx.client('c1')).toBeNull();
        await tx.save({
          records: [rec(1, 1), rec(2, 2, { deleted: true, data: null, stamps: {} })],
          mutations: [
            {
              clientId: 'c1',
              seq: 1,
              mutationId: 'm1',
              userId: 'u1',
              kind: 'person',
              recordId: uuid(1),
              op: 'put',
              version: 1,
            },
            {
              clientId: 'c1',
              seq: 2,
              mutationId: 'm2',
              userId: 'u1',
              kind: 'person',
              recordId: uuid(2),
              op: 'delete',
              version: 2,
            },
          ],
          audit: [
            { userId: 'u1', action: 'change', kind: 'person', recordId: uuid(1), detail: { version: 1 } },
          ],
          client: { clientId: 'c1', userId: 'u1', lastSeq: 2 },
          version: 2,
        });
        return 'done';
      });
      expect(result).toBe('done');
      expect(await store.currentVersion()).toBe(2);
      expect(await store.getClient('c1')).toEqual({ clientId: 'c1', userId: 'u1', lastSeq: 2 });
      expect(await store.getRecord(uuid(2))).toEqual(rec(2, 2, { deleted: true, data: null, stamps: {} }));
      expect((await store.mutationsOf(uuid(1))).map((m) => m.mutationId)).toEqual(['m1']);
      const ids = await store.write((tx) => tx.mutationIds('c1', [1, 2, 3]));
      expect([...ids.entries()]).toEqual(
        expect.arrayContaining([
          [1, 'm1'],
          [2, 'm2'],
        ]),
      );
      expect(ids.size).toBe(2);
      const seen = await store.write((tx) => tx.records([uuid(1), uuid(2), uuid(3)]));
      expect([...seen.keys()].sort()).toEqual([uuid(1), uuid(2)]);
      expect((await store.listAudit({ recordId: uuid(1), limit: 10 }))[0]).toMatchObject({
        userId: 'u1',
        action: 'change',
        detail: { version: 1 },
      });
    });

    it('[P5] a write whose callback throws stores nothing', async () => {
      await expect(
        store.write(async (tx) => {
          await tx.save({
            records: [rec(1, 1)],
            mutations: [],
            audit: [],
            client: { clientId: 'c1', userId: 'u1', lastSeq: 1 },
            version: 1,
          });
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await store.getRecord(uuid(1))).toBeNull();
      expect(await store.getClient('c1')).toBeNull();
      expect(await store.currentVersion()).toBe(0);
    });

    it('replaces a record whole on a later write and keeps one row per id', async () => {
      await saveRecords(store, [rec(1, 1)]);
      const stamps = { id: { v: 1, by: 'u1' }, name: { v: 2, by: 'u2' }, sex: { v: 1, by: 'u1' } };
      await saveRecords(store, [rec(1, 2, { data: { id: uuid(1), name: '改' }, stamps })]);
      expect(await store.getRecord(uuid(1))).toEqual(
        rec(1, 2, { data: { id: uuid(1), name: '改' }, stamps }),
      );
      const page = await store.pull({
        clientId: 'c',
        area: { all: true },
        after: { version: 0, id: '' },
        limit: 10,
      });
      expect(page.rows.map((r) => r.version)).toEqual([2]);
    });

    it('[P6] pages by (version, id) with more and remaining, and filters by area [S2]', async () => {
      await saveRecords(store, [
        rec(1, 1),
        rec(2, 2, { unitId: C2, streetId: '440310002000' }),
        rec(3, 3),
        rec(4, 4, { kind: 'activity', teamId: 'team-x', unitId: '440310001000' }),
        rec(5, 5),
      ]);
      const all = await store.pull({
        clientId: 'c',
        area: { all: true },
        after: { version: 0, id: '' },
        limit: 2,
      });
      expect(all.rows.map((r) => r.version)).toEqual([1, 2]);
      expect(all.more).toBe(true);
      expect(all.remaining).toBe(5);
      expect(all.client).toBeNull();
      const next = await store.pull({
        clientId: 'c',
        area: { all: true },
        after: { version: 2, id: uuid(2) },
        limit: 10,
      });
      expect(next.rows.map((r) => r.version)).toEqual([3, 4, 5]);
      expect(next.more).toBe(false);
      const c1 = await store.pull({
        clientId: 'c',
        area: { unitIds: [C1] },
        after: { version: 0, id: '' },
        limit: 10,
      });
      expect(c1.rows.map((r) => r.version)).toEqual([1, 3, 5]);
      expect(c1.remaining).toBe(3);
      const street = await store.pull({
        clientId: 'c',
        area: { unitIds: [C1, '440310001000'] },
        after: { version: 3, id: uuid(3) },
        limit: 10,
      });
      expect(street.rows.map((r) => r.version)).toEqual([4, 5]);
      const team = await store.pull({
        clientId: 'c',
        area: { teamId: 'team-x' },
        after: { version: 0, id: '' },
        limit: 10,
      });
      expect(team.rows.map((r) => r.id)).toEqual([uuid(4)]);
      const none = await store.pull({
        clientId: 'c',
        area: { unitIds: [] },
        after: { version: 0, id: '' },
        limit: 10,
      });
      expect(none.rows).toEqual([]);
    });

    it('[S2] a pull of an area also returns the records that left it', async () => {
      await saveRecords(store, [
        rec(1, 1, { unitId: C2, leftUnitId: C1 }),
        rec(2, 2, { kind: 'activity', unitId: C2, teamId: 'team-b', leftTeamId: 'team-a' }),
        rec(3, 3, { unitId: C2 }),
      ]);
      const c1 = await store.pull({
        clientId: 'c',
        area: { unitIds: [C1] },
        after: { version: 0, id: '' },
        limit: 10,
      });
      expect(c1.rows.map((r) => [r.id, r.unitId, r.leftUnitId])).toEqual([[uuid(1), C2, C1]]);
      const team = await store.pull({
        clientId: 'c',
        area: { teamId: 'team-a' },
        after: { version: 0, id: '' },
        limit: 10,
      });
      expect(team.rows.map((r) => r.id)).toEqual([uuid(2)]);
    });

    it('[P6] returns the client row with the page', async () => {
      await store.write(async (tx) => {
        await tx.save({
          records: [],
          mutations: [],
          audit: [],
          client: { clientId: 'c1', userId: 'u1', lastSeq: 7 },
          version: 0,
        });
      });
      const page = await store.pull({
        clientId: 'c1',
        area: { all: true },
        after: { version: 0, id: '' },
        limit: 1,
      });
      expect(page.client).toEqual({ clientId: 'c1', userId: 'u1', lastSeq: 7 });
      expect(page.rows).toEqual([]);
      expect(page.more).toBe(false);
    });

    it('scans records of some kinds within some units, tombstones only on request', async () => {
      await saveRecords(store, [
        rec(1, 1),
        rec(2, 2, { kind: 'visit' }),
        rec(3, 3, { unitId: C2 }),
        rec(4, 4, { deleted: true, data: null, stamps: {} }),
      ]);
      expect((await store.scanRecords({ kinds: ['person'], unitIds: [C1] })).map((r) => r.id)).toEqual([
        uuid(1),
      ]);
      expect(
        (await store.scanRecords({ kinds: ['person', 'visit'], unitIds: null, includeDeleted: true })).map(
          (r) => r.id,
        ),
      ).toEqual([uuid(1), uuid(2), uuid(3), uuid(4)]);
    });

    it('hands the summary the report projections of the live records that may count in the period, by kind', async () => {
      const visit = (n: number, version: number, date: string, unitId = C1): StoredRecord =>
        rec(n, version, {
          kind: 'visit',
          unitId,
          data: { id: uuid(n), communityId: unitId, date, campaign: '大走访', situation: '不进报表' },
        });
      await saveRecords(store, [
        visit(1, 1, '2023-01-01'),
        visit(2, 2, '2022-12-31'),
        visit(3, 3, '2023-12-31', C2),
        visit(4, 4, '2023-06-01'),
        rec(5, 5, { data: { id: uuid(5), communityId: C1, receivedDate: '2023-03-20', name: '甲' } }),
        rec(6, 6, { data: { id: uuid(6), communityId: C1, receivedDate: null, name: '乙' } }),
        rec(7, 7, {
          kind: 'need',
          data: {
            id: uuid(7),
            personId: uuid(5),
            communityId: C1,
            status: '已帮扶',
            openedDate: '2022-11-01',
            closedDate: null,
            grantDate: '2024-01-05',
            amountGrantedFen: 100,
            description: '不进报表',
          },
        }),
        rec(8, 8, {
          kind: 'needStep',
          data: { id: uuid(8), needId: uuid(7), to: '已帮扶', date: '2020-01-01' },
        }),
        rec(9, 9, {
          kind: 'needStep',
          data: { id: uuid(9), needId: uuid(7), to: '登记', date: '2023-01-01' },
        }),
      ]);
      // Visit 4 deleted, visit 1 moved out of the period: neither is handed over any more.
      await saveRecords(store, [
        rec(4, 10, { kind: 'visit', deleted: true, data: null, stamps: {} }),
        visit(1, 11, '2024-02-02'),
        visit(10, 12, '2023-12-31'),
      ]);
      const year = { from: '2023-01-01', to: '2023-12-31' };

      expect(parsed(await store.scanReport({ ...year, unitIds: null }))).toEqual({
        visit: [
          { communityId: C2, date: '2023-12-31', campaign: '大走访' },
          { communityId: C1, date: '2023-12-31', campaign: '大走访' },
        ],
        person: [{ communityId: C1, receivedDate: '2023-03-20' }],
        need: [
          {
            id: uuid(7),
            personId: uuid(5),
            communityId: C1,
            status: '已帮扶',
            openedDate: '2022-11-01',
            closedDate: null,
            grantDate: '2024-01-05',
            amountGrantedFen: 100,
          },
        ],
        needStep: [{ needId: uuid(7), to: '已帮扶' }],
      });
      expect(
        parsed(await store.scanReport({ from: '2023-12-31', to: '2023-12-31', unitIds: [C1] })),
      ).toMatchObject({ visit: [{ date: '2023-12-31', communityId: C1 }] });
      // A need is handed over for every period between its first and last date; a step to 已帮扶 always.
      const y2021 = parsed(await store.scanReport({ from: '2021-01-01', to: '2021-12-31', unitIds: null }));
      expect(Object.keys(y2021)).toEqual(['needStep']);
      expect(
        Object.keys(
          parsed(await store.scanReport({ from: '2024-01-05', to: '2024-01-05', unitIds: [C1] })),
        ).sort(),
      ).toEqual(['need', 'needStep']);
    });

    it('[P15] finds resolved conflicts by the server time of their last write, and keeps an archived copy', async () => {
      const resolved = conflict(1, 1, 'kept');
      const open = conflict(2, 2, null);
      const serverWritten = conflict(3, 3, 'restored');
      const deleted = conflict(4, 4, 'kept', { deleted: true, data: null, stamps: {} });
      const later = conflict(5, 5, 'kept');
      await store.write(async (tx) => {
        await tx.save({
          records: [resolved, open, serverWritten, deleted, later],
          // The serverWritten conflict has no mutation row: nothing tells when it was written.
          mutations: [mutation(resolved, 1), mutation(open, 2), mutation(deleted, 3), mutation(later, 4)],
          audit: [],
          client: { clientId: 'c1', userId: 'u1', lastSeq: 4 },
          version: 5,
        });
      });
      const day = 24 * 60 * 60 * 1000;
      const found = (before: Date, limit: number) =>
        store.write((tx) => tx.resolvedConflictsBefore(before, limit));
      // Written just now by the server's clock: not before yesterday, whatever the device wrote in resolvedAt.
      expect(await found(new Date(Date.now() - day), 10)).toEqual([]);
      expect(await found(new Date(Date.now() + day), 10)).toEqual([resolved, later]);
      expect((await found(new Date(Date.now() + day), 1)).map((r) => r.id)).toEqual([resolved.id]);

      expect(await store.getArchivedRecord(resolved.id)).toBeNull();
      await store.write((tx) => tx.archive([resolved]));
      const archived = await store.getArchivedRecord(resolved.id);
      expect(archived).toMatchObject(resolved);
      expect(Number.isNaN(Date.parse(archived?.archivedAt ?? ''))).toBe(false);
      // Archiving copies; the live row is the caller's to replace (replication/archive.ts writes a tombstone).
      expect(await store.getRecord(resolved.id)).toEqual(resolved);
    });

    it('appends audit entries and lists them newest first, by user', async () => {
      await store.appendAudit([
        { userId: 'u1', action: 'read', kind: 'person', recordId: null, detail: { ids: ['a'] } },
        { userId: 'u2', action: 'login', kind: null, recordId: null, detail: null },
        { userId: 'u1', action: 'read', kind: 'person', recordId: null, detail: { ids: ['b'] } },
      ]);
      const rows = await store.listAudit({ userId: 'u1', limit: 10 });
      expect(rows.map((r) => r.detail)).toEqual([{ ids: ['b'] }, { ids: ['a'] }]);
      expect(typeof rows[0]?.at).toBe('string');
    });
  });
}
