/** One problem in an imported file. `row` is the spreadsheet row (header = 1) or the JSON line number. */
export interface ImportIssue {
  readonly row: number;
  /** The column header as written in the file (or the record field of a JSON line); null for the whole row. */
  readonly column: string | null;
  readonly message: string;
}

/** A file that cannot be read at all (encoding, format, size, missing columns): nothing of it is imported. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  constructor(
    readonly reason: 'too_large' | 'bad_format' | 'missing_columns' | 'too_many_rows' | 'empty',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
