import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kind } from '../../src/model/kinds.ts';
import type { RejectedEntry, Replica } from '../../src/db/replica.ts';
import { StorageError } from '../../src/db/errors.ts';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';
import { change, page, serverPerson, serverVisit, tombstone } from './pull-pages.ts';

/**
 * The device-data contract (STYLE.md habit 1, as test/server/store-contract.ts is for the server): every
 * Replica implementation passes this same suite. `open` gives a fresh, empty replica with the local writes
 * of that implementation (the repositories on Dexie) and a few read-outs the interface does not need.
 */
export interface ReplicaHarness {
  readonly replica: Replica;
  create(kind: Kind, input: Record<string, unknown>): Promise<string>;
  update(kind: Kind, id: string, patch: Record<string, unknown>): Promise<void>;
  remove(kind: Kind, id: string): Promise<void>;
  /** The local row with `_v`, or undefined. */
  row(kind: Kind, id: string): Promise<Record<string, unknown> | undefined>;
  /** Ids of every record on the device, all kinds, sorted. */
  ids(): Promise<string[]>;
  rejected(): Promise<RejectedEntry[]>;
  /** Ids marked stale by an unfinished restarted pull (C13), sorted. */
  stale(): Promise<string[]>;
  cleanup(): Promise<void>;
}

const ALL = 1_000_000;
const person = (name = '张三'): Record<string, unknown> => newPerson({ name });

export function replicaContract(name: string, open: () => Promise<ReplicaHarness>): void {
  describe(`Replica contract: ${name}`, () => {
    let h: ReplicaHarness;
    let r: Replica;
    const opened: ReplicaHarness[] = [];
    beforeEach(async () => {
      h = await open();
      opened.push(h);
      r = h.replica;
    });
    afterEach(async () => {
      for (const o of opened.splice(0)) await o.cleanup();
    });

    const seqs = async () => (await r.outboxAfter(0, ALL)).map((e) => e.seq);

    it('[P3] has one client id for its life, carried by every outbox entry', async () => {
      const id = await r.clientId();
      expect(await r.clientId()).toBe(id);
      await h.create('person', person());
      expect((await r.outboxAfter(0, ALL)).map((e) => e.clientId)).toEqual([id]);
    });

    it('[C1] queues each local write with the next seq; outboxAfter pages by seq and limit', async () => {
      const p = await h.create('person', person());
      await h.update('person', p, { address: '新地址' });
      await h.create('visit', newVisit(p));
      await h.remove('person', p);
      expect(await seqs()).toEqual([1, 2, 3, 4]);
      expect(await r.pendingCount()).toBe(4);
      const [, edit] = await r.outboxAfter(0, ALL);
      expect(edit).toMatchObject({
        seq: 2,
        op: 'put',
        recordId: p,
        fields: { address: '新地址' },
        baseVersion: 0,
      });
      expect((await r.outboxAfter(1, 2)).map((e) => e.seq)).toEqual([2, 3]);
      expect(await r.outboxAfter(4, 10)).toEqual([]);
    });

    it('[C4] acknowledging a seq removes exactly the entries up to it', async () => {
      for (let i = 0; i < 4; i++) await h.create('person', person(`人${i}`));
      await r.acknowledge(0);
      expect(await seqs()).toEqual([1, 2, 3, 4]);
      await r.acknowledge(2);
      expect(await seqs()).toEqual([3, 4]);
      await r.acknowledge(9);
      expect(await r.pendingCount()).toBe(0);
    });

    it('[C6] [P5] [C10] a refusal keeps the change with its reason, closes the seq gap, drops the row and queues a refetch', async () => {
      const a = await h.create('person', person('甲'));
      const b = await h.create('person', person('乙'));
      const c = await h.create('person', person('丙'));
      expect(await r.reject(2, 'forbidden', '不在您的辖区')).toBe(true);
      expect(await h.rejected()).toMatchObject([
        { recordId: b, seq: 2, reason: 'forbidden', message: '不在您的辖区' },
      ]);
      expect(await r.rejectedCount()).toBe(1);
      expect((await r.outboxAfter(0, ALL)).map((e) => [e.recordId, e.seq])).toEqual([
        [a, 1],
        [c, 2],
      ]);
      expect(await h.row('person', b)).toBeUndefined();
      expect(await h.row('person', a)).toBeDefined();
      expect(await r.refetchIds(10)).toEqual([b]);
      // The next local write follows the renumbered queue.
      await h.update('person', a, { address: '之后' });
      expect(await seqs()).toEqual([1, 2, 3]);
      expect(await r.reject(9, 'forbidden', 'x')).toBe(false);
      expect(await r.rejectedCount()).toBe(1);
    });

    it('[C10] a page that answers the refetch stores the server copy, rebased, and empties the list', async () => {
      const server = serverPerson(COMMUNITY, '服务器的');
      await r.applyPullPage(page([change('person', server)], 'c1'));
      await h.update('person', server.id, { address: '被拒绝的' });
      await h.update('person', server.id, { mobile: '13900001111' });
      expect(await r.reject(1, 'forbidden', '拒绝')).toBe(true);
      const asked = await r.refetchIds(10);
      expect(asked).toEqual([server.id]);
      const res = await r.applyPullPage(
        page([], 'c2', { refetched: [{ ...change('person', server), version: 1 }] }),
        asked,
      );
      expect(res.stored).toBe(1);
      expect(await h.row('person', server.id)).toMatchObject({
        address: server.address,
        mobile: '13900001111',
        _v: 1,
      });
      expect(await r.refetchIds(10)).toEqual([]);
      expect(await r.cursor()).toBe('c2');
    });

    it('[C10] a page from a server that ignores refetch empties the list and clears the cursor (a full pull follows)', async () => {
      const server = serverPerson(COMMUNITY, '服务器的');
      await r.applyPullPage(page([change('person', server)], 'c1'));
      await h.update('person', server.id, { address: '被拒绝的' });
      await r.reject(1, 'forbidden', '拒绝');
      await r.applyPullPage(page([], 'c2'), await r.refetchIds(10));
      expect(await r.refetchIds(10)).toEqual([]);
      expect(await r.cursor()).toBeNull();
    });

    it('[C14] following a restored server renumbers the outbox after its lastSeq and clears the cursor', async () => {
      for (let i = 0; i < 3; i++) await h.create('person', person(`人${i}`));
      await r.acknowledge(1);
      await r.applyPullPage(page([], 'c1', { lastSeq: 1 }));
      expect(await r.followServerSeq(1)).toBe(false); // already follows: 2 = 1 + 1
      expect(await r.cursor()).toBe('c1');
      expect(await r.followServerSeq(0)).toBe(true);
      expect(await seqs()).toEqual([1, 2]);
      expect(await r.cursor()).toBeNull();
      await h.create('person', person('之后'));
      expect(await seqs()).toEqual([1, 2, 3]);
      await r.acknowledge(3);
      expect(await r.followServerSeq(0)).toBe(false);
    });

    it('[C2] [C4] [C5] a page acknowledges, rebases pending fields, keeps a pending delete, and moves the cursor', async () => {
      const mine = await h.create('person', person('我的'));
      const gone = serverPerson(COMMUNITY, '将删除');
      await r.applyPullPage(page([change('person', gone)], 'c0'));
      await h.update('person', mine, { address: '我写的' });
      await h.remove('person', gone.id);
      // The server applied seq 1 (the create) and a colleague changed the mobile.
      const { _v, ...local } = (await h.row('person', mine)) ?? {};
      const serverMine = { ...local, address: '旧的', mobile: '13700000000' };
      await r.applyPullPage(
        page(
          [
            { kind: 'person', id: mine, version: 7, deleted: false, data: serverMine },
            { ...change('person', gone), version: 8 },
          ],
          'c1',
          { lastSeq: 1 },
        ),
      );
      expect(await seqs()).toEqual([2, 3]);
      expect(await h.row('person', mine)).toMatchObject({ address: '我写的', mobile: '13700000000', _v: 7 });
      expect(await h.row('person', gone.id)).toBeUndefined();
      expect(await r.cursor()).toBe('c1');
      const res = await r.applyPullPage(page([tombstone('person', mine)], 'c2'));
      expect(res.removed).toBe(1);
      expect(await h.row('person', mine)).toBeUndefined();
    });

    it('[C5] a page with a record that cannot be stored changes nothing', async () => {
      const ok = serverPerson(COMMUNITY, '好的');
      await r.applyPullPage(page([change('person', ok)], 'c1'));
      await h.create('person', person());
      const bad = { ...change('person', serverPerson(COMMUNITY, '坏的')), data: { id: 'x' } };
      await expect(
        r.applyPullPage(page([tombstone('person', ok.id), bad], 'c2', { lastSeq: 1 })),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await r.cursor()).toBe('c1');
      expect(await h.row('person', ok.id)).toBeDefined();
      expect(await r.pendingCount()).toBe(1);
    });

    it('[C13] a restarted pull marks, unmarks what it delivers, and sweeps at its last page all but pending records', async () => {
      const a = serverPerson(COMMUNITY, '旧甲');
      const b = serverPerson(COMMUNITY, '旧乙');
      const v = serverVisit(a.id);
      await r.applyPullPage(page([change('person', a), change('person', b), change('visit', v)], 'old'));
      const typed = await h.create('person', person('新建的'));
      await r.applyPullPage(page([], 'p1', { reset: true, more: true }));
      expect(await h.stale()).toEqual([a.id, b.id, v.id].sort());
      expect(await h.ids()).toHaveLength(4);
      await r.applyPullPage(page([change('person', b)], 'p2', { more: true }));
      expect(await h.stale()).toEqual([a.id, v.id].sort());
      await h.update('person', a.id, { address: '下载时改的' });
      const res = await r.applyPullPage(page([], 'p3'));
      expect(res.removed).toBe(1);
      expect(await h.ids()).toEqual([a.id, b.id, typed].sort());
      expect(await h.stale()).toEqual([]);
    });

    it('keeps the last synced time and the session', async () => {
      expect(await r.lastSyncedAt()).toBeNull();
      await r.setLastSyncedAt('2026-11-20T08:00:00.000Z');
      expect(await r.lastSyncedAt()).toBe('2026-11-20T08:00:00.000Z');
      expect(await r.session.load()).toBeUndefined();
      const session = {
        token: 't',
        expiresAt: '2099-01-01T00:00:00Z',
        user: {
          id: 'u1',
          username: 'worker1',
          displayName: '李社工',
          role: 'community_worker' as const,
          unitId: COMMUNITY,
          teamId: null,
        },
      };
      await r.session.save(session);
      expect(await r.session.load()).toEqual(session);
      await h.create('person', person());
      await r.session.clear();
      expect(await r.session.load()).toBeUndefined();
      expect(await r.pendingCount()).toBe(1);
    });

    it('tells local writes only to its own listeners, not to another replica in the page', async () => {
      const other = await open();
      opened.push(other);
      let mine = 0;
      let theirs = 0;
      const off = r.onLocalWrite(() => mine++);
      other.replica.onLocalWrite(() => theirs++);
      await h.create('person', person());
      expect([mine, theirs]).toEqual([1, 0]);
      await other.create('person', person());
      expect([mine, theirs]).toEqual([1, 1]);
      off();
      await h.create('person', person());
      expect(mine).toBe(1);
    });
  });
}
