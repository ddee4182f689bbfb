import { z } from 'zod';

/**
 * Imports on the wire (district admin): the file's bytes go to `POST /api/admin/import/preview?name=FILE`
 * (`Content-Type: application/octet-stream`), which answers the plan and writes nothing, then to `/commit`,
 * which writes all of it in one transaction or nothing and answers the same outcome with `committed: true`.
 * A commit that finds errors is refused (400) with the plan in `details`.
 */
export const IMPORT_PATHS = {
  preview: '/api/admin/import/preview',
  commit: '/api/admin/import/commit',
} as const;

/**
 * At most 20 MiB per file (a 100,000-row registry in CSV is ≈ 15 MiB; anything larger is not a registry). The
 * device checks it before uploading, the server before parsing.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const IMPORT_KINDS = ['registry', 'history'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One problem in an imported file. `row` is the spreadsheet row (header = 1) or the JSON line number. */
export const importIssueSchema = z
  .object({
    row: z.number(),
    /** The column header as written in the file (or the record field of a JSON line); null for the whole row. */
    column: z.string().nullable(),
    message: z.string(),
  })
  .readonly();
export type ImportIssue = z.infer<typeof importIssueSchema>;

/** What an import did or would do. */
export const importOutcomeSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    format: z.enum(['csv', 'xlsx', 'jsonl']),
    encoding: z.string().nullable(),
    rows: z.number(),
    create: z.number(),
    update: z.number(),
    unchanged: z.number(),
    errors: z.array(importIssueSchema).readonly(),
    errorCount: z.number(),
    /**
     * Lines left out on purpose, each with its line and reason: records deleted on the server since an earlier
     * import (an import never restores a deleted record). Not errors: the other lines are written. Optional:
     * older servers do not send them.
     */
    skipped: z.number().optional(),
    notices: z.array(importIssueSchema).readonly().optional(),
    committed: z.boolean(),
    /**
     * The first rows as the server read them (decoded; XLSX cells as text; JSON lines as one column), for the
     * admin's preview: the phone parses no files. Absent only where a file-level refusal came first.
     */
    sample: z
      .object({
        header: z.array(z.string()).readonly(),
        rows: z.array(z.array(z.string()).readonly()).readonly(),
      })
      .readonly()
      .optional(),
  })
  .readonly();
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;
