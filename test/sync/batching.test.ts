import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/db/replica.ts';
import { contiguousPrefix, namedEntry, toPushRequest } from '../../src/sync/batching.ts';
import { pushRequestSchema } from '../../src/protocol/push.ts';
import { newId } from '../../src/model/ids.ts';

const clientId = newId();
function entry(seq: number): OutboxEntry {
  return {
    seq,
    mutationId: newId(),
    clientId,
    kind: 'person',
    recordId: newId(),
    op: 'put',
    fields: { name: `n${seq}` },
    baseVersion: 0,
    by: 'u1',
    at: '2026-11-28T00:00:00.000Z',
  };
}

describe('push batching', () => {
  it('[P2] a push request carries the outbox entries as protocol mutations', () => {
    const req = toPushRequest(clientId, [entry(1), entry(2)]);
    expect(pushRequestSchema.safeParse(req).success).toBe(true);
    expect(req.mutations.map((m) => m.seq)).toEqual([1, 2]);
    expect(req.mutations[0]).not.toHaveProperty('by');
  });

  it('[P4] refuses to build a push of more than 500 mutations', () => {
    const many = Array.from({ length: 501 }, (_, i) => entry(i + 1));
    expect(() => toPushRequest(clientId, many)).toThrow(RangeError);
    expect(toPushRequest(clientId, many.slice(0, 500)).mutations).toHaveLength(500);
  });

  it('[P4] sends only the gap-free prefix of the queue', () => {
    expect(contiguousPrefix([entry(3), entry(4), entry(6)]).map((e) => e.seq)).toEqual([3, 4]);
    expect(contiguousPrefix([])).toEqual([]);
  });

  it('[P5] finds the mutation a refusal names, by id or by seq', () => {
    const batch = [entry(1), entry(2), entry(3)];
    expect(namedEntry(batch, { mutationId: batch[1]?.mutationId })?.seq).toBe(2);
    expect(namedEntry(batch, { seq: 3 })?.seq).toBe(3);
    expect(namedEntry(batch, { seq: 9 })).toBeUndefined();
    expect(namedEntry(batch, undefined)).toBeUndefined();
  });
});
