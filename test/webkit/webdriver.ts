/**
 * A small W3C WebDriver (classic) client over `fetch`, enough to drive WebKitGTK's MiniBrowser through
 * WebKitWebDriver: navigate, run scripts, find elements, type, click. No npm client: each command is one HTTP
 * request, and every request has a timeout, because WebKitWebDriver never answers when the browser cannot start
 * (no display) — a test must fail with a reason, not hang.
 */

/** The key W3C uses for an element reference in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

export interface ElementRef {
  readonly [ELEMENT_KEY]: string;
}

export class WebDriverError extends Error {
  override readonly name = 'WebDriverError';
  constructor(
    /** The W3C error code (`no such element`, `javascript error`…), or `timeout` / `transport`. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

interface Envelope {
  value?: unknown;
}

/** One HTTP command to the driver; W3C errors come back as `{ value: { error, message } }`. */
async function command(
  base: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new WebDriverError(
      timedOut ? 'timeout' : 'transport',
      `${method} ${path}: ${timedOut ? `no answer within ${timeoutMs} ms` : String(e)}`,
    );
  }
  const env = (await res.json().catch(() => ({}))) as Envelope;
  if (!res.ok) {
    const v = (env.value ?? {}) as { error?: string; message?: string };
    throw new WebDriverError(
      v.error ?? `http ${res.status}`,
      `${method} ${path}: ${v.error ?? res.status}: ${v.message ?? ''}`,
    );
  }
  return env.value;
}

export interface SessionOptions {
  /** How long session creation may take before it is abandoned (the browser starts here). */
  readonly createTimeoutMs: number;
  /** Default wait of `waitFor`, ms. */
  readonly waitMs?: number;
}

/** One browser (a fresh profile per session with WebKitGTK). */
export class Session {
  private constructor(
    private readonly base: string,
    readonly id: string,
    private readonly waitMs: number,
  ) {}

  static async create(
    driverUrl: string,
    capabilities: Record<string, unknown>,
    opts: SessionOptions,
  ): Promise<Session> {
    const value = (await command(
      driverUrl,
      'POST',
      '/session',
      { capabilities: { alwaysMatch: capabilities } },
      opts.createTimeoutMs,
    )) as { sessionId?: string };
    if (!value.sessionId) throw new WebDriverError('session', 'new session: no sessionId in the answer');
    const session = new Session(driverUrl, value.sessionId, opts.waitMs ?? 20_000);
    await session.cmd('POST', '/timeouts', { script: 30_000, pageLoad: 30_000, implicit: 0 });
    return session;
  }

  private cmd(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    // Above the session's own page-load and script timeouts, so the driver reports those first.
    return command(this.base, method, `/session/${this.id}${path}`, body, 45_000);
  }

  async goto(url: string): Promise<void> {
    await this.cmd('POST', '/url', { url });
  }

  async reload(): Promise<void> {
    await this.cmd('POST', '/refresh', {});
  }

  async url(): Promise<string> {
    return (await this.cmd('GET', '/url')) as string;
  }

  /**
   * Runs `script` as a function body in the page, with `args` as `arguments`; a returned promise is awaited
   * (W3C "execute script"). DOM elements come back as element references.
   */
  async execute<T>(script: string, ...args: unknown[]): Promise<T> {
    return (await this.cmd('POST', '/execute/sync', { script, args })) as T;
  }

  async click(el: ElementRef): Promise<void> {
    await this.cmd('POST', `/element/${el[ELEMENT_KEY]}/click`, {});
  }

  /** Types `text` into the element (real key events: the app's `onInput` handlers see them). */
  async type(el: ElementRef, text: string): Promise<void> {
    await this.cmd('POST', `/element/${el[ELEMENT_KEY]}/value`, { text });
  }

  /**
   * Polls `script` (a function body returning a value) until it returns something truthy; returns that value.
   * On timeout the error names `what` and the last value or error seen.
   */
  async waitFor<T>(what: string, script: string, timeoutMs = this.waitMs, ...args: unknown[]): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown = null;
    for (;;) {
      try {
        const v = await this.execute<T>(script, ...args);
        if (v) return v;
        last = v;
      } catch (e) {
        // A navigation in flight makes the script fail; try again.
        last = e instanceof Error ? e.message : e;
      }
      if (Date.now() > deadline)
        throw new WebDriverError('timeout', `waited ${timeoutMs} ms for ${what}; last: ${String(last)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Polls until an element matching `css` exists; returns it. */
  async waitForElement(what: string, css: string, timeoutMs = this.waitMs): Promise<ElementRef> {
    return this.waitFor<ElementRef>(what, `return document.querySelector(arguments[0]);`, timeoutMs, css);
  }

  async close(): Promise<void> {
    await command(this.base, 'DELETE', `/session/${this.id}`, undefined, 15_000).catch(() => undefined);
  }
}
