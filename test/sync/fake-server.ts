import type { Change, PullRequest, PullResponse } from '../../src/protocol/pull.ts';
import { pushRequestSchema, type PushRequest, type PushResponse } from '../../src/protocol/push.ts';
import type { Mutation } from '../../src/protocol/mutation.ts';
import type { Transport } from '../../src/sync/transport.ts';
import { HttpError, UnauthenticatedError } from '../../src/sync/errors.ts';
import type { ErrorReason } from '../../src/protocol/errors.ts';

interface Row {
  change: Change;
}

/**
 * A tiny in-memory model of the sync server's contract (P3–P6, P11) for the engine's unit tests — not the real
 * server (the simulation in test/sim runs against that). Hooks let a test break it in the ways that matter.
 */
export class FakeServer {
  version = 0;
  readonly lastSeq = new Map<string, number>();
  /** Every mutation the server applied, in order. */
  readonly applied: Mutation[] = [];
  /** Every mutation id received in a push body, duplicates included. */
  readonly received: string[] = [];
  readonly rows = new Map<string, Row>();
  validTokens = new Set(['t1']);
  /** Refuse a mutation with a reason (nothing of the push is stored, P5). */
  refuse: (m: Mutation) => ErrorReason | null = () => null;
  /** Runs before a push is applied; throw to fail the request. */
  beforePush: (req: PushRequest) => Promise<void> | void = () => undefined;
  /** Runs after a push was committed; throw to lose the response. */
  afterPush: (req: PushRequest) => Promise<void> | void = () => undefined;
  /** Rewrites a pull response before it is sent. */
  mapPull: (res: PullResponse) => PullResponse = (r) => r;
  pushCount = 0;
  /** Answers a pull's `refetch` (C10); false plays a server older than that field. */
  answersRefetch = true;
  /** Names its lastSeq in an out_of_order refusal (C14); false plays an older server. */
  namesLastSeq = true;
  /** Every pull request, as received. */
  readonly pulls: PullRequest[] = [];

  /** Seeds a record as if another device had pushed it. */
  put(kind: Change['kind'], data: Record<string, unknown> & { id: string }): number {
    const prev = this.rows.get(data.id)?.change.data ?? {};
    this.version++;
    this.rows.set(data.id, {
      change: { kind, id: data.id, version: this.version, deleted: false, data: { ...prev, ...data } },
    });
    return this.version;
  }

  /**
   * Plays a restore from a backup taken after seq `lastSeq` of this client: the server forgets what it applied
   * after it (records stay; only the client's lastSeq goes back, which is what a device can notice).
   */
  restoreClient(clientId: string, lastSeq: number): void {
    this.lastSeq.set(clientId, lastSeq);
  }

  remove(kind: Change['kind'], id: string): void {
    this.version++;
    this.rows.set(id, { change: { kind, id, version: this.version, deleted: true, data: null } });
  }

  private auth(token: string): void {
    if (!this.validTokens.has(token)) throw new UnauthenticatedError();
  }

  async push(req: PushRequest, token: string): Promise<PushResponse> {
    this.auth(token);
    this.pushCount++;
    await this.beforePush(req);
    for (const m of req.mutations) this.received.push(m.id);
    let last = this.lastSeq.get(req.clientId) ?? 0;
    const fresh: Mutation[] = [];
    // Decoded as the real server does: the lean body's left-out fields take their defaults (SPEC.md P15).
    for (const m of pushRequestSchema.parse(req).mutations) {
      if (m.seq <= last) continue;
      if (m.seq !== last + 1) {
        const details = this.namesLastSeq ? { lastSeq: last } : { mutationId: m.id, seq: m.seq };
        throw new HttpError(409, 'out_of_order', 'gap', details);
      }
      const reason = this.refuse(m);
      if (reason)
        throw new HttpError(reason === 'forbidden' ? 403 : 409, reason, '拒绝', {
          mutationId: m.id,
          seq: m.seq,
        });
      fresh.push(m);
      last = m.seq;
    }
    for (const m of fresh) {
      // An event (a reveal) is audited by the real server, never stored.
      if (m.kind !== 'reveal') {
        if (m.op === 'delete') this.remove(m.kind, m.recordId);
        else this.put(m.kind, { ...m.fields, id: m.recordId });
      }
      this.applied.push(m);
    }
    this.lastSeq.set(req.clientId, last);
    await this.afterPush(req);
    return { lastSeq: last, version: this.version };
  }

  async pull(req: PullRequest, token: string): Promise<PullResponse> {
    this.auth(token);
    const after = req.cursor === null ? 0 : Number(req.cursor);
    const limit = req.limit ?? 1000;
    const all = [...this.rows.values()]
      .map((r) => r.change)
      .filter((c) => c.version > after)
      .sort((a, b) => a.version - b.version);
    const page = all.slice(0, limit);
    const cursor = String(page.at(-1)?.version ?? after);
    this.pulls.push(structuredClone(req));
    const res: PullResponse = {
      changes: page,
      cursor,
      more: all.length > limit,
      lastSeq: this.lastSeq.get(req.clientId) ?? 0,
      remaining: all.length,
    };
    if (req.cursor === null) res.reset = true;
    if (req.refetch && this.answersRefetch) {
      res.refetched = req.refetch.flatMap((id) => {
        const row = this.rows.get(id);
        return row ? [row.change] : [];
      });
    }
    return this.mapPull(res);
  }

  transport(): Transport {
    return {
      login: () => Promise.resolve({ token: 't1', expiresAt: '2099-01-01T00:00:00Z', user: USER }),
      logout: () => Promise.resolve(),
      push: (req, token) => this.push(structuredClone(req), token),
      pull: (req, token) => this.pull(req, token).then((r) => structuredClone(r)),
    };
  }
}

export const USER = {
  id: 'u-worker1',
  username: 'worker1',
  displayName: '李社工',
  role: 'community_worker' as const,
  unitId: '440310001001',
  teamId: null,
};
