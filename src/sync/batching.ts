import type { OutboxEntry } from '../db/replica.ts';
import type { WireMutation } from '../protocol/mutation.ts';
import { MAX_PUSH_MUTATIONS, type PushRequest } from '../protocol/push.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';

/**
 * Outbox entries → one push request (SPEC.md P2, P16). The entries must be consecutive seqs, oldest first. The
 * client id goes once at the top; each mutation leaves out what the server can take as given.
 */
export function toPushRequest(clientId: string, entries: readonly OutboxEntry[]): PushRequest {
  if (entries.length === 0 || entries.length > MAX_PUSH_MUTATIONS) {
    throw new RangeError(`a push carries 1–${MAX_PUSH_MUTATIONS} mutations, not ${entries.length}`);
  }
  return {
    protocolVersion: PROTOCOL_VERSION,
    clientId,
    mutations: entries.map(toMutation),
  };
}

export function toMutation(e: OutboxEntry): WireMutation {
  const m: WireMutation = {
    id: e.mutationId,
    seq: e.seq,
    kind: e.kind,
    recordId: e.recordId,
    fields: e.fields,
  };
  // P16: a put is the default op and 0 the default base version; most mutations are creates.
  if (e.op !== 'put') m.op = e.op;
  if (e.baseVersion !== 0) m.baseVersion = e.baseVersion;
  return m;
}

/**
 * The longest prefix of `entries` whose seqs run without a gap from the first. A gap would be refused as
 * out_of_order (P4); it can only appear while another tab renumbers, and the next round sends the rest.
 */
export function contiguousPrefix(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  for (const e of entries) {
    const prev = out[out.length - 1];
    if (prev !== undefined && e.seq !== prev.seq + 1) break;
    out.push(e);
  }
  return out;
}

/** Which outbox entry of a refused push the server named (P5: `details.mutationId` / `details.seq`). */
export function namedEntry(entries: readonly OutboxEntry[], details: unknown): OutboxEntry | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { mutationId, seq } = details as { mutationId?: unknown; seq?: unknown };
  if (typeof mutationId === 'string') {
    const byId = entries.find((e) => e.mutationId === mutationId);
    if (byId) return byId;
  }
  if (typeof seq === 'number') return entries.find((e) => e.seq === seq);
  return undefined;
}

/**
 * The client's lastSeq as the server names it in an `out_of_order` refusal (C14: `details.lastSeq`, or
 * `expectedSeq - 1` from a server that names only that); null when it names neither.
 */
export function serverLastSeq(details: unknown): number | null {
  if (typeof details !== 'object' || details === null) return null;
  const { lastSeq, expectedSeq } = details as { lastSeq?: unknown; expectedSeq?: unknown };
  if (typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0) return lastSeq;
  if (typeof expectedSeq === 'number' && Number.isInteger(expectedSeq) && expectedSeq >= 1)
    return expectedSeq - 1;
  return null;
}
