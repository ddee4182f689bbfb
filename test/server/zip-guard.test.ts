import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_XLSX_ENTRIES, MAX_XLSX_UNCOMPRESSED } from '../../src/server/import/limits.ts';
import { readTable } from '../../src/server/import/read-table.ts';
import { checkZip } from '../../src/server/import/zip-guard.ts';

interface ZipEntry {
  readonly name: string;
  readonly method: 0 | 8;
  readonly data: Buffer;
  /** What the archive claims the entry inflates to. */
  readonly declaredSize: number;
}

/** A zip archive written by hand, so that it can lie about its sizes (CRCs are not checked by the guard). */
function makeZip(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

/** `size` zero bytes, deflated as a stream (never held whole in memory). */
async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= chunk.length) {
    if (!deflate.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
      await new Promise((resolve) => deflate.once('drain', resolve));
    }
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

describe('XLSX zip guard', () => {
  it('refuses a lying archive (declared small, inflating past the cap) without inflating it all', async () => {
    const bomb = await deflatedZeros(MAX_XLSX_UNCOMPRESSED + 64 * 1024 * 1024);
    const zip = makeZip([{ name: 'xl/worksheets/sheet1.xml', method: 8, data: bomb, declaredSize: 1000 }]);
    const before = process.memoryUsage();
    await expect(readTable(zip, 'bomb.xlsx')).rejects.toMatchObject({
      name: 'ImportFileError',
      reason: 'too_large',
    });
    const after = process.memoryUsage();
    // exceljs would have held the whole 264 MiB; the capped stream holds a few chunks.
    expect(after.arrayBuffers + after.heapUsed - (before.arrayBuffers + before.heapUsed)).toBeLessThan(
      64 * 1024 * 1024,
    );
  }, 60_000);

  it('refuses an entry whose real size differs from the declared one, even when small', async () => {
    const data = deflateRawSync(Buffer.alloc(5000, 65));
    const zip = makeZip([{ name: 'a.xml', method: 8, data, declaredSize: 100 }]);
    await expect(checkZip(zip)).rejects.toMatchObject({ reason: 'bad_format' });
    await expect(checkZip(makeZip([{ name: 'a.xml', method: 8, data, declaredSize: 5000 }]))).resolves.toBe(
      undefined,
    );
  });

  it('refuses an archive with more entries than the cap', async () => {
    const entries = Array.from({ length: MAX_XLSX_ENTRIES + 1 }, (_, i) => ({
      name: `f${i}`,
      method: 0 as const,
      data: Buffer.from('x'),
      declaredSize: 1,
    }));
    await expect(checkZip(makeZip(entries))).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('refuses an archive whose declared sizes add up past the cap before inflating anything', async () => {
    const entries = [0, 1].map((i) => ({
      name: `big${i}`,
      method: 8 as const,
      data: deflateRawSync(Buffer.from('x')),
      declaredSize: MAX_XLSX_UNCOMPRESSED / 2 + 1,
    }));
    await expect(checkZip(makeZip(entries))).rejects.toMatchObject({ reason: 'too_large' });
  });
});
