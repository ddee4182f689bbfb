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
