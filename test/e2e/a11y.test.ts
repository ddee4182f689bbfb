import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { violations } from './axe.ts';
import { ROOT, logIn, startHarness, type Harness } from './harness.ts';
import { createNeed, createPerson, recordVisit } from './flows.ts';

/**
 * The route table (src/ui/routes.tsx) is read from the source, so every screen added there is checked here
 * without editing this file. Screens limited to some roles are opened as the district admin.
 */
interface ScreenCase {
  readonly path: string;
  readonly title: string;
  readonly restricted: boolean;
}

function screensFromRouteTable(): ScreenCase[] {
  const source = readFileSync(join(ROOT, 'src', 'ui', 'routes.tsx'), 'utf8');
  const start = source.indexOf('export const ROUTES');
  const block = source
    .slice(start, source.indexOf('\n];', start))
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  // One chunk per route entry: from its `path:` to the next one.
  const chunks = block.split(/(?=\bpath:\s*')/).slice(1);
  return chunks.map((chunk) => {
    const path = /path:\s*'([^']+)'/.exec(chunk)?.[1] ?? '';
    const title = /title:\s*'([^']+)'/.exec(chunk)?.[1] ?? path;
    const roles = /roles:\s*([^}\n]+)/.exec(chunk)?.[1] ?? '';
    return { path, title, restricted: roles !== '' && !roles.includes('community_worker') };
  });
}

const SCREENS = screensFromRouteTable();
if (SCREENS.length < 10) throw new Error(`only ${SCREENS.length} screens parsed from src/ui/routes.tsx`);

/** Waits until the lazy screen has replaced its loading placeholder. */
async function settle(page: Page): Promise<void> {
  await page.locator('main#main').waitFor();
  await page.waitForFunction(() => !document.querySelector('main#main .loading'), null, { timeout: 15_000 });
}

describe('axe-core finds no violations on any main screen', () => {
  let h: Harness;
  let worker: BrowserContext;
  let admin: BrowserContext;
  let workerPage: Page;
  let adminPage: Page;
  const ids = { person: '', need: '', visit: '' };

  beforeAll(async () => {
    h = await startHarness();
    const browser = await h.browser();
    worker = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    admin = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    workerPage = await worker.newPage();
    adminPage = await admin.newPage();
    await workerPage.goto(h.baseUrl);
    await logIn(workerPage, 'worker1');
    ids.person = await createPerson(workerPage, h.baseUrl, '无障碍测试丙', 3);
    ids.need = await createNeed(workerPage, h.baseUrl, ids.person, '需要轮椅');
    await recordVisit(workerPage, h.baseUrl, ids.person, '无障碍测试走访');
    await workerPage.getByRole('link', { name: /无障碍测试走访/ }).click();
    await workerPage.waitForURL(/\/records\/visit\/[0-9a-f-]{36}$/);
    ids.visit = new URL(workerPage.url()).pathname.split('/').at(-1) ?? '';
    await adminPage.goto(h.baseUrl);
    await logIn(adminPage, 'admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the login screen', async () => {
    const ctx = await (await h.browser()).newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await ctx.close();
  });

  test.each(SCREENS)('$title ($path)', async ({ path, restricted }) => {
    const page = restricted ? adminPage : workerPage;
    const url = path.startsWith('/records/:kind/')
      ? path.replace(':kind', 'visit').replace(':id', ids.visit)
      : path.replace(':id', path.startsWith('/needs/') ? ids.need : ids.person);
    await page.goto(`${h.baseUrl}${url}`);
    await settle(page);
    expect(await violations(page)).toEqual([]);
  });
});
