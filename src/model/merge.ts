/**
 * Per-field merge in server order (SPEC.md P10, P11). Pure: takes values, returns new values, no I/O.
 *
 * Each stored record keeps, per field, the server version that last wrote it and who wrote it. A mutation
 * says which server version its edit was based on. Writing a field that someone else changed after that
 * base overwrites it (server order wins) — and the overwritten value goes to the conflict log, so nothing
 * a person typed is lost.
 */
export interface FieldStamp {
  readonly v: number;
  readonly by: string;
}

export interface MergeState {
  readonly data: Readonly<Record<string, unknown>>;
  readonly stamps: Readonly<Record<string, FieldStamp>>;
}

export interface OverwrittenField {
  readonly field: string;
  readonly overwrittenValue: unknown;
  readonly overwrittenBy: string;
  readonly overwrittenVersion: number;
  readonly appliedValue: unknown;
}

export interface MergeResult extends MergeState {
  readonly overwritten: readonly OverwrittenField[];
}

/** Fields whose overwrite is not worth a conflict entry: bookkeeping, not something a person typed. */
const NO_CONFLICT_FIELDS: ReadonlySet<string> = new Set(['updatedAt']);

export function mergeFields(
  current: MergeState | null,
  fields: Readonly<Record<string, unknown>>,
  baseVersion: number,
  version: number,
  author: string,
): MergeResult {
  const data: Record<string, unknown> = { ...current?.data };
  const stamps: Record<string, FieldStamp> = { ...current?.stamps };
  const overwritten: OverwrittenField[] = [];
  // One stamp object for every field this write touches: stamps are read-only, and a create of 16 fields then
  // allocates one object instead of 16 (the push path runs this for every mutation).
  const stamp: FieldStamp = { v: version, by: author };
  for (const field in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, field)) continue;
    const value = fields[field];
    const prev = stamps[field];
    const had = Object.prototype.hasOwnProperty.call(data, field);
    if (
      prev !== undefined &&
      had &&
      prev.v > baseVersion &&
      prev.by !== author &&
      !NO_CONFLICT_FIELDS.has(field) &&
      !sameValue(data[field], value)
    ) {
      overwritten.push({
        field,
        overwrittenValue: data[field],
        overwrittenBy: prev.by,
        overwrittenVersion: prev.v,
        appliedValue: value,
      });
    }
    data[field] = value;
    stamps[field] = stamp;
  }
  return { data, stamps, overwritten };
}

/** Structural equality of JSON values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The fields of `next` that differ from `prev`: what an edit sends over the wire. */
export function changedFields(
  prev: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) if (!sameValue(prev[k], v)) out[k] = v;
  return out;
}
