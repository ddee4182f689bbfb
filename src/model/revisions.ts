import { sameValue } from './merge.ts';

/** One field of a revision: its value before and after the change. */
export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** Bookkeeping fields a revision leaves out: they change with every edit and say nothing to people. */
const BOOKKEEPING: ReadonlySet<string> = new Set(['updatedAt']);

/**
 * The fields a change actually changed, old → new (SPEC.md P18): the fields it wrote whose stored value is now
 * different, in the order written. Pure; `before` is the record before the change, `after` after it.
 */
export function fieldChanges(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  written: readonly string[],
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of written) {
    if (BOOKKEEPING.has(field) || sameValue(before[field], after[field])) continue;
    out.push({ field, from: before[field] ?? null, to: after[field] ?? null });
  }
  return out;
}
