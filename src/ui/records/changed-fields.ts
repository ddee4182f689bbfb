/**
 * What a 修改 saves: the fields of the checked form input whose value differs from the stored record, so a
 * correction changes (and stamps, and logs as a revision) only what was corrected, and a concurrent edit of
 * another field is never overwritten (SPEC.md P10). Photos are left out: the forms do not edit them.
 */
export function changedFields<T extends object>(input: T, stored: object): Partial<T> {
  const before = stored as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (field === 'photos') continue;
    if (JSON.stringify(value) !== JSON.stringify(before[field])) out[field] = value;
  }
  return out as Partial<T>;
}
