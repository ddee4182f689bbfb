/**
 * Which fields of each store stay in the clear (SPEC.md D5): keys, the indexed fields and bookkeeping that say
 * nothing about a person — ids, unit ids, kinds, dates, versions, seqs. Everything else of a row goes into its
 * `enc` (sealed.ts). A field not listed here is sealed, so a field added to a record later is safe by default.
 *
 * Important: an index on a field that is sealed finds nothing; a new index must be on a field listed here,
 * and a personal field (name, ID number, mobile, address) must never be listed. Search by those runs on the
 * in-memory person index built after unlock.
 */
export const CLEAR_FIELDS = {
  person: ['id', 'communityId', 'updatedAt', '_v'],
  visit: ['id', 'personId', 'communityId', 'date', 'followUpDate', '_v'],
  condolence: ['id', 'personId', 'communityId', 'date', '_v'],
  need: ['id', 'personId', 'communityId', 'status', 'followUpDate', '_v'],
  needStep: ['id', 'needId', 'personId', '_v'],
  activity: ['id', 'teamId', 'unitId', 'date', '_v'],
  conflict: ['id', 'recordId', 'communityId', '_v'],
  outbox: ['seq', 'mutationId', 'clientId', 'kind', 'recordId', 'op', 'baseVersion', 'by', 'at'],
  rejected: [
    'id',
    'seq',
    'mutationId',
    'clientId',
    'kind',
    'recordId',
    'op',
    'baseVersion',
    'by',
    'at',
    'reason',
    'rejectedAt',
  ],
  drafts: ['key', 'form', 'savedAt'],
} as const satisfies Record<string, readonly string[]>;

export type SealedStore = keyof typeof CLEAR_FIELDS;
