import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Session } from './webdriver.ts';
import { freePort } from '../support/free-port.ts';

/**
 * The second engine: WebKitGTK's MiniBrowser (the iOS Safari family) driven by WebKitWebDriver, on a private Xvfb
 * display. Everything is started here and stopped by `close()`; nothing is downloaded.
 *
 * Hazards (why the timeouts): without a display, session creation hangs silently; WebKitWebDriver refuses BiDi,
 * so this speaks classic WebDriver only. Each session is a fresh profile (its own IndexedDB and service worker).
 */
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = '/usr/bin/Xvfb';
export const WEBKIT_APT = 'apt-get install -y --no-install-recommends webkit2gtk-driver xvfb xauth';

export class WebKitMissingError extends Error {
  override readonly name = 'WebKitMissingError';
  readonly reason = 'engine_missing';
}

export interface WebKit {
  /** A new browser window with a fresh profile. */
  newSession(): Promise<Session>;
  close(): Promise<void>;
}

/** Fails (never skips) when a piece of the engine is not installed, naming the packages that provide it. */
export function assertWebKitInstalled(): void {
  const missing = [WEBKIT_DRIVER, MINIBROWSER, XVFB].filter((p) => !existsSync(p));
  if (missing.length > 0)
    throw new WebKitMissingError(
      `WebKit e2e needs ${missing.join(', ')}; install them with \`${WEBKIT_APT}\` (.ci/run does).`,
    );
}

function stop(proc: ChildProcess | null): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const hard = setTimeout(() => proc.kill('SIGKILL'), 3_000);
  return gone.finally(() => clearTimeout(hard));
}

/** Starts Xvfb on the first free display number; `-displayfd` makes the server itself report which one. */
function startXvfb(log: (s: string) => void): Promise<{ proc: ChildProcess; display: string }> {
  const proc = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  proc.stderr?.on('data', (d: Buffer) => log(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error('Xvfb did not report a display within 10 s'));
    }, 10_000);
    let out = '';
    proc.stdio[3]?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(\d+)\n/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, display: `:${m[1]}` });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}`));
    });
  });
}

async function waitForDriver(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${proc.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebKitWebDriver did not answer at ${url}/status:\n${log()}`);
}

/** Starts Xvfb and WebKitWebDriver (free port); sessions are created on demand. */
export async function launchWebKit(): Promise<WebKit> {
  assertWebKitInstalled();
  let output = '';
  const log = (s: string) => {
    output = (output + s).slice(-4_000);
  };
  const xvfb = await startXvfb(log);
  let driver: ChildProcess | null = null;
  try {
    const port = await freePort();
    driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '', GDK_BACKEND: 'x11' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    driver.stdout?.on('data', (d: Buffer) => log(d.toString()));
    driver.stderr?.on('data', (d: Buffer) => log(d.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitForDriver(url, driver, () => output);
    const sessions = new Set<Session>();
    const drv = driver;
    // A test run that dies without close() must not leave a browser and a display behind.
    const onExit = () => {
      drv.kill('SIGKILL');
      xvfb.proc.kill('SIGKILL');
    };
    process.once('exit', onExit);
    return {
      async newSession() {
        const session = await Session.create(
          url,
          {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          },
          { createTimeoutMs: 30_000 },
        ).catch((e: unknown) => {
          throw new Error(
            `WebKit session could not start (display ${xvfb.display}): ${String(e)}\n${output}`,
          );
        });
        sessions.add(session);
        return session;
      },
      async close() {
        for (const s of sessions) await s.close();
        process.off('exit', onExit);
        await stop(drv);
        await stop(xvfb.proc);
      },
    };
  } catch (e) {
    await stop(driver);
    await stop(xvfb.proc);
    throw e;
  }
}
