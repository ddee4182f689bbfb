import { ImportFileError } from './errors.ts';
import { MAX_XLSX_UNCOMPRESSED } from './limits.ts';

/**
 * Reads the zip central directory of an XLSX and refuses it when its entries would inflate past the limit
 * (a zip bomb) or when the directory is broken — before exceljs inflates anything. Sizes in the central
 * directory are what the archive claims; the limit on the compressed file bounds what a lie can cost.
 */
export function checkZip(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new ImportFileError(
      'bad_format',
      '文件不是有效的 XLSX（压缩包目录缺失），请用 Excel 另存为 .xlsx 后重试',
    );
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      throw new ImportFileError('bad_format', '文件不是有效的 XLSX（压缩包目录损坏）');
    }
    const size = view.getUint32(offset + 24, true);
    // 0xFFFFFFFF means a ZIP64 size: far beyond any registry.
    if (size === 0xffffffff) throw new ImportFileError('too_large', 'XLSX 文件解压后过大，已拒绝');
    total += size;
    if (total > MAX_XLSX_UNCOMPRESSED) {
      throw new ImportFileError(
        'too_large',
        `XLSX 文件解压后超过 ${MAX_XLSX_UNCOMPRESSED / 1024 / 1024} MB，已拒绝`,
      );
    }
    offset +=
      46 +
      view.getUint16(offset + 28, true) +
      view.getUint16(offset + 30, true) +
      view.getUint16(offset + 32, true);
  }
}
