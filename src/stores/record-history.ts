import { HttpError, NetworkError } from '../net/errors.ts';
import { recordHistoryPath, recordHistorySchema, type RecordHistory } from '../protocol/record-history.ts';
import { apiJson } from './api.ts';

/** A record's revisions as the record screen shows them (SPEC.md P18): read from the server, never stored. */
export type HistoryState =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly history: RecordHistory }
  /** No answer (offline, server unreachable): the history is online only. */
  | { readonly status: 'offline' }
  /** The server does not have the record yet: made on this device and not yet synced. */
  | { readonly status: 'not-synced' }
  | { readonly status: 'error'; readonly message: string };

/** Never rejects: every outcome is a state to show. A short timeout, since the rest of the screen is local. */
export async function loadRecordHistory(id: string): Promise<HistoryState> {
  try {
    const history = await apiJson(
      { method: 'GET', path: recordHistoryPath(id), timeoutMs: 8000 },
      recordHistorySchema,
    );
    return { status: 'ok', history };
  } catch (e) {
    if (e instanceof NetworkError) return { status: 'offline' };
    if (e instanceof HttpError && e.reason === 'not_found') return { status: 'not-synced' };
    return { status: 'error', message: e instanceof Error ? e.message : '修改记录未能读取' };
  }
}
