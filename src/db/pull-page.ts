import { SCHEMAS, type Kind, type RecordOf } from '../model/kinds.ts';
import type { Change, PullResponse } from '../protocol/pull.ts';
import { StorageError } from './errors.ts';

/** One change of a pull page, checked against its kind's schema: `data` null for a tombstone. */
export interface DecodedChange {
  readonly change: Change;
  readonly data: RecordOf<Kind> | null;
}

/**
 * The records a pull page brings, every one checked against its schema first (both replicas store through
 * this): if one cannot be stored (a kind or value this version does not understand), the whole page is refused
 * with a StorageError and the cursor stays where it was — never skip a row and save the cursor past it
 * (Dexie #2331, RxDB #5571). The records the page refetched (C10) join its changes; a record in both keeps
 * the higher version (the refetch may have read a newer copy than the page's snapshot).
 */
export function decodePage(page: PullResponse): DecodedChange[] {
  const byId = new Map<string, Change>();
  for (const change of [...page.changes, ...(page.refetched ?? [])]) {
    const seen = byId.get(change.id);
    if (!seen || seen.version < change.version) byId.set(change.id, change);
  }
  return [...byId.values()].map((change) => {
    if (change.deleted || change.data === null) return { change, data: null };
    const parsed = SCHEMAS[change.kind].safeParse(change.data);
    if (!parsed.success || (parsed.data as { id: string }).id !== change.id) {
      throw new StorageError('invalid', `服务器记录无法保存（${change.kind} ${change.id}）`, {
        kind: change.kind,
        id: change.id,
        issues: parsed.success ? [{ message: 'id mismatch' }] : parsed.error.issues.slice(0, 5),
      });
    }
    return { change, data: parsed.data as RecordOf<Kind> };
  });
}

/**
 * What the page does to the refetch list and the cursor (C10): with `refetched` present the server answered
 * the ids the request asked for, which leave the list; without it (an older server that ignores `refetch`)
 * they leave it too, but the cursor is cleared so the next pull restarts and brings them back — the old price.
 */
export function refetchOutcome(
  page: PullResponse,
  asked: readonly string[],
): { readonly answered: readonly string[]; readonly cursor: string | null } {
  if (asked.length === 0 || page.refetched !== undefined) return { answered: asked, cursor: page.cursor };
  return { answered: asked, cursor: null };
}
