import type { Page } from 'playwright-core';

/**
 * What a worker does in the app, through its Chinese labels (src/ui/**). Each flow ends when the screen it leads
 * to has rendered, so tests can read IndexedDB right after.
 */

/** A valid 18-digit resident ID for the n-th test person (check character per GB 11643, male). */
export function testIdNumber(n: number): string {
  const first17 = `44031019800101${String(100 + (n % 800) * 2 + 1).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

function idFromUrl(page: Page, pattern: RegExp): string {
  const m = pattern.exec(new URL(page.url()).pathname);
  if (!m?.[1]) throw new Error(`no id in ${page.url()}`);
  return m[1];
}

/** 新建服务对象 → 保存; returns the new person's id (from the person page's URL). */
export async function createPerson(page: Page, baseUrl: string, name: string, n: number): Promise<string> {
  await page.goto(`${baseUrl}/persons/new`);
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('身份证号').fill(testIdNumber(n));
  // The sex follows from the ID number; the community is preselected for a community worker.
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return idFromUrl(page, /\/persons\/([0-9a-f-]{36})$/);
}

/** 记录走访 (大走访, 入户走访) with a situation text → 保存; back on the person page. */
export async function recordVisit(
  page: Page,
  baseUrl: string,
  personId: string,
  situation: string,
): Promise<void> {
  await page.goto(`${baseUrl}/persons/${personId}/visit/new`);
  await page.getByRole('radio', { name: '大走访' }).check();
  await page.getByLabel('基本情况').fill(situation);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/saved=visit/);
}

/** 登记困难需求 → 保存; returns the need's id (the need page's URL). */
export async function createNeed(
  page: Page,
  baseUrl: string,
  personId: string,
  description: string,
): Promise<string> {
  await page.goto(`${baseUrl}/persons/${personId}/need/new`);
  await page.getByLabel('困难类别').selectOption({ index: 1 });
  await page.getByRole('radio', { name: '一般' }).check();
  await page.getByLabel('困难描述').fill(description);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/needs\/[0-9a-f-]{36}$/);
  return idFromUrl(page, /\/needs\/([0-9a-f-]{36})$/);
}

/**
 * Nudges the sync engine (an `online` event is one of its triggers) and waits until the header's badge says
 * 已同步 with nothing pending.
 */
export async function syncAndWait(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.getByRole('link', { name: /^同步状态：已同步$/ }).waitFor({ timeout: 30_000 });
}

/** 记录慰问 (生病住院, 社区层级) with cash and goods → 保存; back on the person page. */
export async function recordCondolence(
  page: Page,
  baseUrl: string,
  personId: string,
  money: { cash: string; goodsValue: string },
): Promise<void> {
  await page.goto(`${baseUrl}/persons/${personId}/condolence/new`);
  await page.getByLabel('慰问事由').selectOption('生病住院');
  await page.getByRole('radio', { name: '社区' }).check();
  await page.getByLabel('慰问金（元）').fill(money.cash);
  await page.getByLabel('慰问物资', { exact: true }).fill('米、油各一份');
  await page.getByLabel('物资价值（元）').fill(money.goodsValue);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/saved=condolence/);
}
