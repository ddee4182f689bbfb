import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le';

/**
 * Bytes of a CSV or JSON-lines file → text. Excel in China saves "CSV" as GB18030 (GBK), "CSV UTF-8" with a
 * BOM; other tools write UTF-8 without one. Rule: a UTF-8 BOM or valid UTF-8 is UTF-8; a UTF-16LE BOM is
 * UTF-16LE ("Unicode text"); anything else is GB18030 (a superset of GBK and GB2312, which decodes any byte
 * sequence). Valid UTF-8 that is really GBK is vanishingly rare for Chinese text of more than a few characters.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'),
      encoding: 'gb18030',
    };
  }
}
