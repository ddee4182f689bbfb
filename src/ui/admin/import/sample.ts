/**
 * The first lines of a JSON-lines file, read in the browser so the admin sees what is about to be imported.
 * A registry's sample (CSV or XLSX) comes with the server's preview instead, as the server decoded and read
 * it — no spreadsheet parser on the phone.
 * Decoding follows the server's rule (src/server/import/decode.ts): UTF-8 BOM or valid UTF-8 → UTF-8,
 * UTF-16LE BOM → UTF-16LE, anything else → GB18030 (what Excel in China writes).
 */
export type Sample =
  | {
      readonly format: 'table';
      readonly header: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly format: 'jsonl'; readonly lines: readonly string[] }
  | { readonly format: 'none' };

export const SAMPLE_ROWS = 5;
/** Enough bytes for a header and a few rows; a cut multi-byte character at the end is dropped with its line. */
const SAMPLE_BYTES = 64 * 1024;

export function decodeSample(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(trimUtf8(bytes));
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A prefix may end inside a UTF-8 character: drop the partial tail so valid UTF-8 stays valid. */
function trimUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  let back = 0;
  while (end > 0 && back < 3 && ((bytes[end - 1] ?? 0) & 0xc0) === 0x80) {
    end--;
    back++;
  }
  const lead = bytes[end - 1] ?? 0;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return need > back ? bytes.subarray(0, end - 1) : bytes;
}

export async function readSample(file: Blob & { readonly name: string }): Promise<Sample> {
  const whole = file.size <= SAMPLE_BYTES;
  const bytes = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return { format: 'none' };
  const text = decodeSample(bytes);
  // Without the whole file, the last line may be cut: keep complete lines only.
  const complete = whole ? text : text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  if (/\.(jsonl|ndjson)$/i.test(file.name) || complete.trimStart().startsWith('{')) {
    const lines = complete.split(/\r?\n/).filter((l) => l.trim() !== '');
    return { format: 'jsonl', lines: lines.slice(0, SAMPLE_ROWS) };
  }
  return { format: 'none' };
}
