/**
 * Draws the app icons (red field, white five-pointed star) and writes them as PNGs into public/icons/.
 * Run: `npx tsx scripts/make-icons.ts`. The PNGs are committed; this script is how to remake them.
 *
 * No image library: the star is a polygon filled by a point-in-polygon test with 4×4 supersampling for smooth
 * edges, and the PNG is written by hand (signature, IHDR, one zlib IDAT, IEND).
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RED: readonly [number, number, number] = [0xb7, 0x1c, 0x1c];
const WHITE: readonly [number, number, number] = [0xff, 0xff, 0xff];

type Point = readonly [number, number];

/** The ten corners of a five-pointed star, point up, centred on (cx, cy). */
function starPolygon(cx: number, cy: number, outer: number): Point[] {
  // Inner radius of a regular star: outer · sin(18°) / sin(126°)... expressed as the golden-ratio constant.
  const inner = outer * 0.381966;
  const points: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  return points;
}

function inside(poly: readonly Point[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i] as Point;
    const [xj, yj] = poly[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** RGBA pixels of a square icon: red everywhere, a white star of `starRatio` × size outer radius. */
function draw(size: number, starRatio: number): Buffer {
  // Optical centre: a star's mass sits low, so lift it by a few percent.
  const star = starPolygon(size / 2, size * 0.53, size * starRatio);
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (inside(star, x + (sx + 0.5) / samples, y + (sy + 0.5) / samples)) covered++;
        }
      }
      const a = covered / (samples * samples);
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        rgba[o + c] = Math.round((RED[c] as number) * (1 - a) + (WHITE[c] as number) * a);
      }
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  // Each scanline starts with filter byte 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Regular icons fill the square; the maskable one keeps the star inside the central 80 % circle (radius 0.4 ×
// size) that every launcher mask preserves, so its outer radius stays well below 0.4.
const ICONS = [
  { file: 'icon-192.png', size: 192, star: 0.36 },
  { file: 'icon-512.png', size: 512, star: 0.36 },
  { file: 'maskable-512.png', size: 512, star: 0.27 },
  { file: 'apple-touch-icon.png', size: 180, star: 0.33 },
] as const;

const outDir = join(import.meta.dirname, '..', 'public', 'icons');
mkdirSync(outDir, { recursive: true });
for (const icon of ICONS) {
  writeFileSync(join(outDir, icon.file), png(icon.size, draw(icon.size, icon.star)));
  console.log(`public/icons/${icon.file} ${icon.size}×${icon.size}`);
}
