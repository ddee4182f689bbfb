import 'fake-indexeddb/auto';
import { runSimulation } from './simulation.ts';

/**
 * `npm run sim -- --runs N --seed S [--pg]`: runs seeds S … S+N−1 and ends with exactly one line
 * `runs=N lost=L duplicated=D diverged=V` (sums over the runs); exits non-zero when any sum is non-zero.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(arg('runs') ?? '20');
const seed = Number(arg('seed') ?? String(Date.now() % 1_000_000));
const pg = process.argv.includes('--pg');
let lost = 0;
let duplicated = 0;
let diverged = 0;
for (let i = 0; i < runs; i++) {
  const r = await runSimulation({ seed: seed + i, pg });
  lost += r.lost;
  duplicated += r.duplicated;
  diverged += r.diverged;
  if (r.lost + r.duplicated + r.diverged > 0) {
    console.error(`seed ${r.seed}: lost=${r.lost} duplicated=${r.duplicated} diverged=${r.diverged}`);
    for (const p of r.problems.slice(0, 20)) console.error(`  ${p}`);
  }
}
console.log(`runs=${runs} lost=${lost} duplicated=${duplicated} diverged=${diverged}`);
process.exitCode = lost + duplicated + diverged > 0 ? 1 : 0;
