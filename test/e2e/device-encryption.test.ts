import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.ts';
import { bundleForPage } from '../../bench/bundle.ts';
import type { SealedDevicePage, Secrets } from './pages/sealed-device.ts';

/**
 * Encryption at rest in real Chromium (SPEC.md D5–D7), at the device-data layer: the app's own src/db modules,
 * bundled into a page on a localhost origin, write a person, a visit, a refused change, a draft, a pulled record
 * and the session; every IndexedDB value is then read raw (indexedDB.open without Dexie, a cursor over every
 * store) and must show none of the test's strings. A new database instance (what a reload makes) reads nothing
 * before the password and everything after it, offline (the page never talks to a server).
 */
const SECRETS: Secrets = {
  name: '欧阳秀兰',
  idNumber: '440307196503031248',
  mobile: '13966601234',
  address: '坪山区六联社区迎宾路88号',
  situation: '腿伤复发需要轮椅',
  token: 'tok-e2e-5d41402abc4b2a76',
  pulledName: '司马建军',
};
const PASSWORD = 'e2e-password-2026';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const code = await bundleForPage('../test/e2e/pages/sealed-device.ts', 'sealedDeviceEntry');
  browser = await launchChromium();
  page = await browser.newPage();
  const origin = 'http://localhost:4997/';
  await page.route(origin, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>sealed</title>' }),
  );
  await page.goto(origin);
  await page.addScriptTag({ content: code });
});

afterAll(async () => {
  await browser?.close();
});

function call<K extends keyof SealedDevicePage>(
  name: K,
  ...args: Parameters<SealedDevicePage[K]>
): Promise<Awaited<ReturnType<SealedDevicePage[K]>>> {
  return page.evaluate(
    ([n, a]) =>
      (
        (globalThis as unknown as { sealedDevice: Record<string, (...x: unknown[]) => Promise<unknown>> })
          .sealedDevice[n] as (...x: unknown[]) => Promise<unknown>
      )(...a),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<SealedDevicePage[K]>>>;
}

describe('encryption at rest in Chromium', () => {
  it('[D5][D7] a raw read of every IndexedDB value finds no name, ID number, mobile, address, visit text or token', async () => {
    await call('write', SECRETS, PASSWORD);
    const dump = await call('rawDump');
    expect(dump.stores).toEqual(
      expect.arrayContaining(['person', 'visit', 'outbox', 'rejected', 'drafts', 'meta']),
    );
    expect(dump.rows).toBeGreaterThan(8);
    for (const s of Object.values(SECRETS)) expect(dump.json, s).not.toContain(s);
    // Nor the last digits a search would use.
    expect(dump.json).not.toContain(SECRETS.idNumber.slice(-6));
    expect(dump.json).not.toContain(SECRETS.mobile.slice(-4));
  });

  it('[D6] a reloaded page reads nothing before the password and everything after it, offline', async () => {
    const seen = await call('reopen', PASSWORD, SECRETS.name);
    expect(seen.before).toContain('解锁');
    expect(seen.names).toEqual([SECRETS.name, `${SECRETS.name}乙`, SECRETS.pulledName].sort());
    expect(seen.situation).toBe(SECRETS.situation);
    expect(seen.draft).toEqual({ situation: SECRETS.situation, address: SECRETS.address });
    expect(seen.token).toBe(SECRETS.token);
  });

  it('[D6] a wrong password opens nothing', async () => {
    await expect(call('reopen', 'not-the-password', SECRETS.name)).rejects.toThrow(
      /WrongPassword|密码不正确/,
    );
  });
});
