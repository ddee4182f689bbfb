/**
 * CPU profile of the server's push path: `npx tsx bench/profile-push.ts [--pg] [--n 10000]` pushes new persons
 * through the real app (bench/ingest.ts) under the V8 profiler (the same sampler as `node --cpu-prof`) and
 * prints the functions with the most self time, and the time by source file. The profile itself is written to
 * push.cpuprofile (open it in Chromium DevTools).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { ingest } from './ingest.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const pg = process.argv.includes('--pg');
const nArg = process.argv.indexOf('--n');
const n = nArg > 0 ? Number(process.argv[nArg + 1]) : 10_000;

function short(url: string): string {
  const i = url.indexOf('/node_modules/');
  if (i >= 0) return url.slice(i + 14);
  const s = url.indexOf('/src/');
  return s >= 0 ? url.slice(s + 1) : url.replace(/^file:\/\//, '') || '(native)';
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await ingest(pg, 1000); // warm-up: JIT and module loading out of the profile
const taken: { profile?: Profile } = {};
const ms = await ingest(pg, n, {
  before: async () => {
    await session.post('Profiler.start');
  },
  after: async () => {
    taken.profile = ((await session.post('Profiler.stop')) as { profile: Profile }).profile;
  },
});
const profile = taken.profile;
if (!profile) throw new Error('no profile taken');
writeFileSync('push.cpuprofile', JSON.stringify(profile));

const total = profile.nodes.reduce((a, x) => a + (x.hitCount ?? 0), 0);
const selfByFn = new Map<string, number>();
const selfByFile = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  const f = node.callFrame;
  const key = `${f.functionName || '(anonymous)'}  ${short(f.url)}:${f.lineNumber + 1}`;
  selfByFn.set(key, (selfByFn.get(key) ?? 0) + hits);
  const file = short(f.url).replace(/:\d+$/, '');
  selfByFile.set(file, (selfByFile.get(file) ?? 0) + hits);
}
const pct = (h: number) => `${((100 * h) / total).toFixed(1).padStart(5)}%`;
console.log(
  `${n} mutations on ${pg ? 'PostgreSQL' : 'SQLite'} in ${(ms / 1000).toFixed(2)} s → ${Math.round(n / (ms / 1000))} mutations/s (profiler on)`,
);
console.log('top self time by function:');
for (const [k, h] of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(h)}  ${k}`);
console.log('self time by file:');
for (const [k, h] of [...selfByFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(h)}  ${k}`);
