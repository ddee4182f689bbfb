import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, waitForController, type Harness } from './harness.ts';

interface InstallabilityError {
  errorId: string;
}
interface AppManifest {
  errors: { message: string }[];
  data?: string;
}

describe('the PWA is installable', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('Chromium reports no installability errors and a clean manifest in a persistent profile', async () => {
    const ctx = await h.device('install');
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    expect(await waitForController(page)).toBe(`${h.baseUrl}/sw.js`);

    const cdp = await ctx.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as AppManifest;
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}') as { short_name?: string; display?: string };
    expect(parsed.short_name).toBe('走访通');
    expect(parsed.display).toBe('standalone');

    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: InstallabilityError[];
    };
    expect(installabilityErrors).toEqual([]);
    await page.close();
  });

  test('a Background Sync event with the app tag wakes every open page with {type: SYNC}', async () => {
    const ctx = await h.device('install');
    const page = await ctx.newPage();
    await page.goto(h.baseUrl);
    await waitForController(page);
    await page.evaluate(() => {
      const w = window as unknown as { swMessages: unknown[] };
      w.swMessages = [];
      navigator.serviceWorker.addEventListener('message', (e: MessageEvent) => w.swMessages.push(e.data));
    });

    const cdp = await ctx.newCDPSession(page);
    const registrations = new Promise<string>((resolve) => {
      cdp.on(
        'ServiceWorker.workerRegistrationUpdated',
        (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
          const ours = e.registrations.find((r) => r.scopeURL === `${h.baseUrl}/`);
          if (ours) resolve(ours.registrationId);
        },
      );
    });
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registrations;
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: h.baseUrl,
      registrationId,
      tag: 'zoufang-sync',
      lastChance: false,
    });
    await page.waitForFunction(() => (window as unknown as { swMessages: unknown[] }).swMessages.length > 0);
    expect(await page.evaluate(() => (window as unknown as { swMessages: unknown[] }).swMessages)).toEqual([
      { type: 'SYNC' },
    ]);
    await page.close();
  });

  test('every manifest icon is served as a PNG of its declared size', async () => {
    const res = await fetch(`${h.baseUrl}/manifest.webmanifest`);
    const manifest = (await res.json()) as { icons: { src: string; sizes: string; purpose?: string }[] };
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of [...manifest.icons, { src: '/icons/apple-touch-icon.png', sizes: '180x180' }]) {
      const png = Buffer.from(await (await fetch(`${h.baseUrl}${icon.src}`)).arrayBuffer());
      expect(png.subarray(1, 4).toString('ascii'), icon.src).toBe('PNG');
      // IHDR: width and height as big-endian integers at bytes 16 and 20.
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }
  });
});
