import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

/**
 * Chromium for end-to-end tests and benchmarks (TOOLCHAIN.md): the system browser, because Playwright's own
 * download does not work on these machines, with the flags that keep it off the (closed) network.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

const OPTIONS: LaunchOptions = { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true };

export function launchChromium(): Promise<Browser> {
  return chromium.launch(OPTIONS);
}

/**
 * A persistent profile: a real (non-incognito) profile directory, needed for installability checks and for
 * "a device" that keeps its IndexedDB and service worker across browser restarts.
 */
export function launchPersistent(
  userDataDir: string,
  viewport = { width: 360, height: 740 },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { ...OPTIONS, viewport, locale: 'zh-CN' });
}
