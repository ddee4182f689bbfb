import { mergePath, mergeResponseSchema } from '../protocol/merge.ts';
import { apiJson } from './api.ts';
import { syncNow } from './sync-status.ts';

export type MergeOutcome =
  { readonly ok: true; readonly moved: number } | { readonly ok: false; readonly message: string };

/**
 * Street staff merge a duplicate file into the one that stays (SPEC.md P19). Online only: the merge is one
 * server transaction; this device then pulls its result (the moved records and the duplicate's tombstone).
 * Never rejects: the message of a refusal or of no answer is the outcome.
 */
export async function mergeDuplicate(survivorId: string, duplicateId: string): Promise<MergeOutcome> {
  try {
    const res = await apiJson(
      {
        method: 'POST',
        path: mergePath(survivorId),
        json: { duplicateId },
        timeoutMs: 15_000,
        offlineMessage: '需要联网才能合并档案',
      },
      mergeResponseSchema,
    );
    await syncNow();
    return { ok: true, moved: res.moved.length };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : '合并未成功' };
  }
}
