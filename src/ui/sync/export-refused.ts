import type { RejectedEntry } from '../../db/database.ts';

/**
 * Saves the refused changes as a JSON file the worker can hand to an administrator (SPEC.md C6): nothing is
 * dropped, and the file carries everything needed to re-enter or correct them.
 */
export function exportRefused(rows: readonly RejectedEntry[], now: Date = new Date()): void {
  const body = JSON.stringify({ exportedAt: now.toISOString(), refused: rows }, null, 2);
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `走访通-被拒绝的更改-${now.toISOString().slice(0, 10)}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
