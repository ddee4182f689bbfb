/**
 * Rebase (SPEC.md C2): a local row is the server's copy with the device's pending changes on top. When a pull
 * brings a newer server copy, the pending outbox fields are applied to it again, in sequence order, so a pull
 * never hides what the worker typed. Pure: values in, a new value out, no I/O.
 */
export interface PendingChange {
  readonly seq: number;
  readonly op: 'put' | 'delete';
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * The row the device should show for `serverData` with `pending` (the record's outbox entries, any order)
 * re-applied; `null` when a pending delete means the row stays gone until the server has it too.
 */
export function rebase(
  serverData: Readonly<Record<string, unknown>>,
  pending: readonly PendingChange[],
): Record<string, unknown> | null {
  const ordered = [...pending].sort((a, b) => a.seq - b.seq);
  let row: Record<string, unknown> | null = { ...serverData };
  for (const change of ordered) {
    if (change.op === 'delete') row = null;
    // A put after a local delete cannot happen (the repository refuses edits of missing rows); if it did,
    // the put recreates the row as the server would.
    else row = { ...row, ...change.fields };
  }
  return row;
}
