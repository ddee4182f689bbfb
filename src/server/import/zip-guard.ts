import { createInflateRaw } from 'node:zlib';
import { ImportFileError } from './errors.ts';
import { MAX_XLSX_ENTRIES, MAX_XLSX_UNCOMPRESSED } from './limits.ts';

/** One entry of the archive's central directory, as the archive describes it. */
interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly declaredSize: number;
  readonly localOffset: number;
}

const broken = (why: string): ImportFileError =>
  new ImportFileError('bad_format', `文件不是有效的 XLSX（${why}），请用 Excel 另存为 .xlsx 后重试`);
const tooLarge = (): ImportFileError =>
  new ImportFileError('too_large', `XLSX 文件解压后超过 ${MAX_XLSX_UNCOMPRESSED / 1024 / 1024} MB，已拒绝`);

function centralDirectory(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken('压缩包目录缺失');
  const count = view.getUint16(eocd + 10, true);
  if (count > MAX_XLSX_ENTRIES) {
    throw new ImportFileError('too_large', `XLSX 压缩包内文件超过 ${MAX_XLSX_ENTRIES} 个，已拒绝`);
  }
  let offset = view.getUint32(eocd + 16, true);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50)
      throw broken('压缩包目录损坏');
    const nameLength = view.getUint16(offset + 28, true);
    const entry: Entry = {
      name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    };
    // 0xFFFFFFFF means a ZIP64 size: far beyond any registry.
    if (entry.declaredSize === 0xffffffff || entry.compressedSize === 0xffffffff) throw tooLarge();
    entries.push(entry);
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

/** The entry's compressed bytes, found through its local header (whose own size fields are not trusted). */
function dataOf(bytes: Uint8Array, e: Entry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = e.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw broken('压缩包内容损坏');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + e.compressedSize > bytes.length) throw broken('压缩包内容不完整');
  return bytes.subarray(start, start + e.compressedSize);
}

/**
 * Inflates one deflated entry as a stream, counting the bytes it really yields and stopping the moment the
 * archive's budget is spent: memory stays at a few chunks whatever the entry would inflate to. Resolves with
 * the true size.
 */
function inflatedSize(data: Uint8Array, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    let done = false;
    const finish = (e: Error | null): void => {
      if (done) return;
      done = true;
      if (e) reject(e);
      else resolve(size);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        finish(tooLarge());
      }
    });
    inflate.on('error', () => finish(broken('压缩数据损坏')));
    inflate.on('end', () => finish(null));
    inflate.end(data);
  });
}

/**
 * Refuses an XLSX (a zip) before exceljs inflates it (issue 10): more than MAX_XLSX_ENTRIES entries, a broken
 * directory, an entry whose real inflated size differs from what the archive declares (a lying archive), or
 * more than MAX_XLSX_UNCOMPRESSED bytes in all. Sizes are measured by inflating each entry as a stream with a
 * byte cap, never taken from the archive's word; after this check exceljs can inflate at most the cap.
 */
export async function checkZip(bytes: Uint8Array): Promise<void> {
  const entries = centralDirectory(bytes);
  // What the archive admits to is refused before anything is inflated; what it hides, by the capped inflate.
  if (entries.reduce((sum, e) => sum + e.declaredSize, 0) > MAX_XLSX_UNCOMPRESSED) throw tooLarge();
  let total = 0;
  for (const e of entries) {
    const data = dataOf(bytes, e);
    let size: number;
    if (e.method === 0) size = data.length;
    else if (e.method === 8) size = await inflatedSize(data, MAX_XLSX_UNCOMPRESSED - total);
    else throw broken(`不支持的压缩方式 ${e.method}`);
    if (size !== e.declaredSize) {
      throw new ImportFileError('bad_format', 'XLSX 压缩包声明的大小与实际内容不符，已拒绝', {
        entry: e.name.slice(0, 100),
      });
    }
    total += size;
  }
}
