/**
 * The in-memory search index behind the person list: built once from the device's persons and patched as
 * they change, so search-as-you-type over 20,000 persons is a linear scan over short strings (well under
 * 50 ms) instead of an IndexedDB query per keystroke.
 *
 * A query of digits (and X) matches the END of the ID number or of the mobile ("last digits"); any other
 * query matches a part of the name. Results are in name order (zh-CN collation).
 */
export interface PersonRow {
  readonly id: string;
  readonly name: string;
  readonly idNumber: string;
  readonly mobile: string | null;
  readonly communityId: string;
  readonly status: string;
  readonly contactTier: string;
}

const collator = new Intl.Collator('zh-CN');
const DIGITS = /^[\dXx]+$/;

export class PersonIndex {
  private rows: PersonRow[];
  private readonly names: Map<string, string>;

  constructor(rows: Iterable<PersonRow>) {
    this.rows = [...rows].sort(byName);
    this.names = new Map(this.rows.map((r) => [r.id, r.name.toLowerCase()]));
  }

  get size(): number {
    return this.rows.length;
  }

  all(): readonly PersonRow[] {
    return this.rows;
  }

  /** Matching rows in name order; an empty query returns everyone. */
  search(query: string): readonly PersonRow[] {
    const q = query.replace(/\s+/g, '');
    if (q === '') return this.rows;
    if (DIGITS.test(q)) {
      const tail = q.toUpperCase();
      return this.rows.filter(
        (r) => r.idNumber.endsWith(tail) || (r.mobile !== null && r.mobile.endsWith(tail)),
      );
    }
    const needle = q.toLowerCase();
    return this.rows.filter((r) => (this.names.get(r.id) ?? '').includes(needle));
  }

  /** A copy with one person added, replaced or removed (null): the list stays fresh without a rebuild. */
  with(id: string, row: PersonRow | null): PersonIndex {
    const rest = this.rows.filter((r) => r.id !== id);
    return new PersonIndex(row ? [...rest, row] : rest);
  }
}

function byName(a: PersonRow, b: PersonRow): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
