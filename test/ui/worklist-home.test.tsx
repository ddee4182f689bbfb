import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { startWorklist, stopWorklist, worklistStore } from '../../src/stores/worklist.ts';
import { HomeScreen } from '../../src/ui/home/HomeScreen.tsx';
import { newPerson, newVisit } from '../fixtures/records.ts';
import { dropDevice, freshDevice, WORKER } from './helpers.tsx';

// Outside the 春节 and 八一 rounds: a priority person never contacted has two items (quarterly, home visit).
const TODAY = '2026-11-28';
const actor = { userId: 'u-worker1' };
const ADMIN = { ...WORKER, user: { ...WORKER.user, id: 'u-admin', role: 'district_admin' as const } };
let db: ZoufangDB;

afterEach(async () => {
  stopWorklist();
  await dropDevice(db);
});

describe('the home screen and the worklist', () => {
  it('shows a worker the number of items on the worklist, updated as visits are recorded', async () => {
    db = await freshDevice(WORKER);
    const p = await createRecord(db, 'person', newPerson({ contactTier: '重点联系' }), actor);
    startWorklist({ today: () => TODAY });
    render(<HomeScreen />);
    expect((await screen.findByRole('link', { name: '待访清单（2）' })).getAttribute('href')).toBe(
      '/worklist',
    );
    await createRecord(db, 'visit', newVisit(p.id, { date: TODAY, method: '电话' }), actor);
    await screen.findByRole('link', { name: '待访清单（1）' });
  });

  it("does not compute a district admin's list until the admin opens it", async () => {
    db = await freshDevice(ADMIN);
    await createRecord(db, 'person', newPerson({ contactTier: '重点联系' }), actor);
    render(<HomeScreen />);
    await screen.findByText('今日走访');
    await new Promise((r) => setTimeout(r, 300));
    expect(worklistStore.getState().status).toBe('idle');
    expect(screen.getByRole('link', { name: '待访清单' })).toBeTruthy();
    startWorklist({ today: () => TODAY });
    await screen.findByRole('link', { name: '待访清单（2）' });
  });
});

/** Files the entry reaches through static (non-type) imports; `import()` is not followed. */
function staticFiles(entry: string): Set<string> {
  const files = new Set<string>();
  const stack = [entry];
  for (let file = stack.pop(); file !== undefined; file = stack.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(
      /^import\s+(?!type\b)[^'"]*?from\s+'(\.[^']+\.tsx?)'/gm,
    )) {
      if (m[1]) stack.push(join(dirname(file), m[1]));
    }
  }
  return files;
}

describe('the first screen', () => {
  it('reaches the worklist store and computation only lazily', () => {
    const root = resolve(import.meta.dirname, '../..');
    // The entry, and the signed-in shell it loads once somebody is signed in (its own chunk, App.tsx).
    const files = [
      ...staticFiles(join(root, 'src/main.tsx')),
      ...staticFiles(join(root, 'src/ui/app/SignedIn.tsx')),
    ].map((f) => f.slice(root.length + 1));
    expect(files).toContain('src/ui/worklist/use-worklist-count.ts');
    expect(files).not.toContain('src/stores/worklist.ts');
    expect(files).not.toContain('src/model/worklist.ts');
  });
});
