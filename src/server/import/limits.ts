/**
 * Import limits (documented in the admin screen and the CLI help). A file past them is refused before it is
 * parsed, and the database is left as it was.
 * - 20 MiB per file: MAX_IMPORT_BYTES, shared with the device (src/protocol/import.ts).
 * - 100,000 data rows (or JSON lines) per file: the bureau's whole district is ≈ 20,000 persons.
 * - 200 MiB uncompressed inside an XLSX (a zip), measured by a capped streaming inflate, and at most 2,000
 *   entries: refuses zip bombs, also ones that lie about their sizes, before exceljs inflates them.
 * - At most 1,000 errors are listed; the total is always given.
 */
export const MAX_IMPORT_ROWS = 100_000;
export const MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 2000;
export const MAX_LISTED_ERRORS = 1000;
