import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The first screen's JS budget (≤ 50 KB gzip, issue 2) holds only if nothing the entry imports statically
 * pulls in zod — in particular src/db/repository.ts, which imports every schema. Lazy screens are reached by
 * `import()` and do not count. This walks the static import graph from src/main.tsx.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const STATIC_IMPORT = /^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm;

function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(STATIC_IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      if (spec.startsWith('.')) {
        if (/\.(ts|tsx)$/.test(spec)) stack.push(join(dirname(file), spec));
      } else {
        packages.add(spec);
      }
    }
  }
  return { files, packages };
}

describe('first screen', () => {
  const { files, packages } = staticGraph(join(ROOT, 'src/main.tsx'));
  const rel = [...files].map((f) => f.slice(ROOT.length + 1));

  it('imports no zod and no repository statically (lazy chunks only)', () => {
    expect([...packages].filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
    expect(rel).not.toContain('src/db/repository.ts');
    expect(rel.filter((f) => f.startsWith('src/model/records/') || f === 'src/model/kinds.ts')).toEqual([]);
  });

  it('includes the home screen itself (the walk follows the real graph)', () => {
    expect(rel).toContain('src/ui/home/HomeScreen.tsx');
    expect(rel).toContain('src/ui/routes.tsx');
  });

  it('would notice zod: a form screen does reach the repository and the schemas', () => {
    const form = staticGraph(join(ROOT, 'src/ui/visits/VisitFormScreen.tsx'));
    const formFiles = [...form.files].map((f) => f.slice(ROOT.length + 1));
    expect(formFiles).toContain('src/db/repository.ts');
    expect(form.packages.has('zod')).toBe(true);
  });
});
