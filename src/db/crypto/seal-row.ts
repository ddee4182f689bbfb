import { isSealed, seal, unseal, type Sealed } from './sealed.ts';
import { CLEAR_FIELDS, type SealedStore } from './row-layout.ts';

/** A row as stored: its clear fields (row-layout.ts) and the rest sealed in `enc`. */
export type SealedRow = Record<string, unknown> & { enc: Sealed };

/** Splits `row` into its clear fields and one sealed value holding every other field. */
export async function sealRow(key: CryptoKey, store: SealedStore, row: object): Promise<SealedRow> {
  const clear: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  const keep: ReadonlySet<string> = new Set(CLEAR_FIELDS[store]);
  for (const [k, v] of Object.entries(row)) {
    if (keep.has(k)) clear[k] = v;
    else secret[k] = v;
  }
  return { ...clear, enc: await seal(key, secret) };
}

/** The row as it was before `sealRow`. A row without `enc` (not yet migrated, D7) is returned as it is. */
export async function openRow<T extends object>(key: CryptoKey, row: object): Promise<T> {
  const { enc, ...clear } = row as Record<string, unknown>;
  if (!isSealed(enc)) return row as T;
  const secret = await unseal<Record<string, unknown>>(key, enc);
  return { ...secret, ...clear } as T;
}

export function isSealedRow(row: object): row is SealedRow {
  return isSealed((row as { enc?: unknown }).enc);
}
