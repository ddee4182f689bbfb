import type { Replica } from '../db/replica.ts';
import { MAX_REFETCH, type PullRequest } from '../protocol/pull.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import { contiguousPrefix, namedEntry, serverLastSeq, toPushRequest } from './batching.ts';
import { HttpError, UnexpectedError } from './errors.ts';
import type { SyncPhase } from './state.ts';
import type { Transport } from './transport.ts';

/**
 * The two steps of a sync round (SPEC.md C4–C6, C12). Each reads in one short transaction, sends, and records
 * the answer in another; they throw typed errors and the engine decides what a failure means.
 */
export interface StepContext {
  readonly replica: Replica;
  readonly transport: Transport;
  readonly batchLimit: number;
  readonly pullLimit: number;
  readonly setPhase: (phase: SyncPhase) => void;
}

/** Reasons for which the server's refusal names one mutation, which is then set aside (C6). */
const REJECTABLE: ReadonlySet<string> = new Set(['forbidden', 'bad_request', 'conflict', 'too_large']);
/** Pages without progress before the engine stops believing `more`. */
const MAX_EMPTY_PAGES = 3;

/**
 * Pushes the outbox, oldest first, in batches, until it is empty (entries written meanwhile included).
 *
 * Pipelined, still one push on the wire at a time (P4): while a push is in flight the next batch is read, and
 * while the next push is in flight the previous acknowledgement is stored. Neither read waits on the other's
 * transaction. Safe because outbox entries never change once queued except by this runner's own renumbering
 * (a refusal, handled only after the pending acknowledgement settled, with a fresh read); an acknowledgement
 * that fails after the next push was sent leaves those entries queued, and their resend is a replay (P3, C12).
 */
export async function pushAll(ctx: StepContext, token: string, clientId: string): Promise<void> {
  const { replica, transport, batchLimit, setPhase } = ctx;
  let limit = batchLimit;
  let sent = 0;
  let total = await replica.pendingCount();
  let acked: Promise<void> = Promise.resolve();
  let repaired = false;
  let batch = contiguousPrefix(await replica.outboxAfter(0, limit));
  for (;;) {
    const first = batch[0];
    const last = batch[batch.length - 1];
    if (first === undefined || last === undefined) return acked;
    // Progress: the count at the start, raised by what is known to remain. Counting the outbox again per
    // batch cost a tenth of the push time (issue 3 bench); entries queued meanwhile show up with the last batches.
    total = Math.max(total, sent + batch.length);
    setPhase({ kind: 'pushing', sent, total });
    const pushing = transport.push(toPushRequest(clientId, batch), token);
    const ahead = replica.outboxAfter(last.seq, limit);
    // Settled below or dropped on a refusal: never an unhandled rejection.
    for (const p of [pushing, ahead]) p.catch(() => undefined);
    let lastSeq: number;
    try {
      ({ lastSeq } = await pushing);
    } catch (e) {
      await acked;
      if (e instanceof HttpError && REJECTABLE.has(e.reason)) {
        if (e.reason === 'too_large' && batch.length > 1) {
          limit = Math.ceil(batch.length / 2);
          batch = contiguousPrefix(await replica.outboxAfter(0, limit));
          continue;
        }
        const named = namedEntry(batch, e.details) ?? (e.reason === 'too_large' ? first : undefined);
        if (named) {
          // The server stored nothing of this push (P5): set the named entry aside, renumber, go on.
          // Important: only go round again if the entry really left the queue, else this would spin.
          if (!(await replica.reject(named.seq, e.reason, e.message))) throw e;
          total = Math.max(0, total - 1);
          batch = contiguousPrefix(await replica.outboxAfter(0, limit));
          continue;
        }
      }
      // The server's lastSeq is behind our first entry (C14: restored from a backup): follow it, once per
      // round — a second out_of_order right after the repair is a real fault and goes to the backoff.
      const behind = e instanceof HttpError && e.reason === 'out_of_order' ? serverLastSeq(e.details) : null;
      if (behind !== null && behind < first.seq - 1 && !repaired) {
        repaired = true;
        if (await replica.followServerSeq(behind)) {
          batch = contiguousPrefix(await replica.outboxAfter(0, limit));
          continue;
        }
      }
      throw e;
    }
    await acked;
    acked = replica.acknowledge(lastSeq);
    acked.catch(() => undefined);
    if (lastSeq < first.seq) {
      await acked;
      // The server claims to have applied less than what we sent, without saying why: do not loop on it.
      throw new UnexpectedError(`服务器未确认上传（lastSeq ${lastSeq} < ${first.seq}）`);
    }
    sent += Math.min(lastSeq, last.seq) - first.seq + 1;
    const next = contiguousPrefix(await ahead);
    total = Math.max(total, sent + next.length);
    if (lastSeq >= last.seq && (next.length === 0 || next[0]?.seq === last.seq + 1)) {
      batch = next;
      // An empty read may have raced a local write: the fresh read below, after the acknowledgement, decides.
      if (next.length > 0) continue;
    }
    // The server applied only part of the batch, or the read ahead does not follow it: read afresh.
    await acked;
    batch = contiguousPrefix(await replica.outboxAfter(0, limit));
  }
}

/**
 * Pulls pages until `more` is false; each page is stored with its cursor in one transaction (C5). A page
 * request also asks for the records whose refused change dropped their local row (C10, `refetch`).
 */
export async function pullAll(ctx: StepContext, token: string, clientId: string): Promise<void> {
  const { replica, transport, pullLimit, setPhase } = ctx;
  let received = 0;
  let empty = 0;
  // Shown while the first page is on its way; later pages update the progress (issue 3 §7).
  setPhase({ kind: 'pulling', received: 0, total: null });
  for (;;) {
    const cursor = await replica.cursor();
    const refetch = await replica.refetchIds(MAX_REFETCH);
    const req: PullRequest = { protocolVersion: PROTOCOL_VERSION, clientId, cursor, limit: pullLimit };
    if (refetch.length > 0) req.refetch = refetch;
    const page = await transport.pull(req, token);
    await replica.applyPullPage(page, refetch);
    received += page.changes.length;
    setPhase({
      kind: 'pulling',
      received,
      total: page.remaining === undefined ? null : received - page.changes.length + page.remaining,
    });
    // A server older than `refetch` did not answer it: the replica cleared the cursor (C10), so pull on from
    // the beginning now rather than leave the refused record missing until the next sync.
    const unanswered = refetch.length > 0 && page.refetched === undefined;
    if (!page.more && !unanswered) return;
    empty = page.changes.length === 0 ? empty + 1 : 0;
    if (empty >= MAX_EMPTY_PAGES) return;
  }
}
