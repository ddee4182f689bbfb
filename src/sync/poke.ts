import { CLIENT_ID_HEADER, EVENTS_PATH, HEARTBEAT_MS, POKE_EVENT, READY_EVENT } from '../protocol/events.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';

/**
 * The poke listener (SPEC.md C16): keeps the server's event stream open and asks for a sync when a colleague's
 * change reached the server. A hint only — the timed pull and the other triggers (C7) keep working when the
 * stream cannot be opened (old server, proxy that buffers, offline).
 *
 *   stopped ──start──▶ connecting ──200──▶ open ──poke──▶ onPoke (coalesced)
 *                          ▲  │ 401 / no session: parked until restart() (a new login)
 *                          │  └ refused / failed / stream ended / silent too long
 *                          └──── wait: jittered backoff, capped ◀──┘
 *
 * Browser notes: EventSource cannot send an Authorization header, and a token in the URL would end up in logs,
 * so the stream is read with fetch and a body reader (Chromium and WebKit both stream fetch bodies).
 */
export interface PokeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PokeListenerOptions {
  readonly getToken: () => Promise<string | null>;
  /** The device's clientId: the server does not poke a device about its own push. */
  readonly getClientId?: () => Promise<string>;
  /** Asked to sync: after a poke burst, and after a reconnect (pokes sent meanwhile were missed). Never throws. */
  readonly onPoke: () => void;
  /**
   * An open stream ended (the server may be gone). Told before the reconnect is scheduled, so the owner can let
   * the sync engine find out at once — its schedule (C15) then probes an outage, and the owner stops this
   * listener, instead of the stream's reconnects being a second probe. Never throws.
   */
  readonly onDrop?: () => void;
  readonly fetch?: typeof fetch;
  /** Origin of the API; '' = the page's own. */
  readonly baseUrl?: string;
  readonly random?: () => number;
  readonly timers?: PokeTimers;
  /** Reconnect delays; by default 1 s doubling to 30 s, with jitter. */
  readonly backoff?: BackoffPolicy;
  /** Pokes within this window make one `onPoke`. */
  readonly coalesceMs?: number;
  /** A stream silent this long (no heartbeat) is considered dead and reopened. */
  readonly silenceMs?: number;
}

export interface PokeListener {
  /** Keeps a stream open from now on. Idempotent. */
  start(): void;
  /** Closes the stream and stops reconnecting. */
  stop(): void;
  /** Reopens at once with a fresh token (after a login); also leaves the parked state. */
  restart(): void;
  /** True while a stream is open (after its `ready`). */
  isOpen(): boolean;
}

export const POKE_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

const defaultTimers: PokeTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** Splits complete SSE blocks off `buffer` (comments dropped); returns them and the incomplete rest. */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const text = buffer.replaceAll('\r\n', '\n');
  const events: SseEvent[] = [];
  let start = 0;
  for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n', start)) {
    let event = 'message';
    const data: string[] = [];
    let any = false;
    for (const line of text.slice(start, end).split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else continue;
      any = true;
    }
    if (any) events.push({ event, data: data.join('\n') });
    start = end + 2;
  }
  return { events, rest: text.slice(start) };
}

export function createPokeListener(opts: PokeListenerOptions): PokeListener {
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timers = opts.timers ?? defaultTimers;
  const random = opts.random ?? Math.random;
  const policy = opts.backoff ?? POKE_BACKOFF;
  const coalesceMs = opts.coalesceMs ?? 100;
  const silenceMs = opts.silenceMs ?? Math.round(HEARTBEAT_MS * 2.5);

  let running = false;
  /** Bumped on every start/stop/restart: a connection of an older generation gives up quietly. */
  let generation = 0;
  let failures = 0;
  let everOpened = false;
  let open = false;
  let abort: AbortController | null = null;
  let retryTimer: unknown = null;
  let pokeTimer: unknown = null;

  function clear(handle: unknown): void {
    if (handle !== null) timers.clearTimeout(handle);
  }

  function poke(): void {
    if (pokeTimer !== null) return; // a burst of pokes → one sync
    pokeTimer = timers.setTimeout(() => {
      pokeTimer = null;
      if (!running) return;
      try {
        opts.onPoke();
      } catch {
        // The engine's syncNow never throws; a listener bug must not end the stream.
      }
    }, coalesceMs);
  }

  function teardown(): void {
    clear(retryTimer);
    retryTimer = null;
    abort?.abort();
    abort = null;
    open = false;
  }

  function retryLater(gen: number): void {
    if (!running || gen !== generation) return;
    failures++;
    retryTimer = timers.setTimeout(
      () => {
        retryTimer = null;
        void connect(gen);
      },
      backoffDelay(failures, random, policy),
    );
  }

  /** One stream, from request to end. Resolves when it is over; never rejects. */
  async function connect(gen: number): Promise<void> {
    if (!running || gen !== generation) return;
    let token: string | null;
    let clientId: string | null = null;
    try {
      token = await opts.getToken();
      clientId = opts.getClientId ? await opts.getClientId() : null;
    } catch {
      retryLater(gen);
      return;
    }
    if (!running || gen !== generation) return;
    if (token === null) return; // parked until restart(): nobody to authenticate
    const ctl = new AbortController();
    abort = ctl;
    let silence: unknown = null;
    const heard = () => {
      clear(silence);
      silence = timers.setTimeout(() => ctl.abort(), silenceMs);
    };
    let parked = false;
    try {
      heard();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
      };
      if (clientId !== null) headers[CLIENT_ID_HEADER] = clientId;
      const res = await doFetch(`${opts.baseUrl ?? ''}${EVENTS_PATH}`, {
        headers,
        signal: ctl.signal,
        cache: 'no-store',
      });
      if (res.status === 401) {
        parked = true; // the engine shows 需要重新登录; a new login calls restart()
        return;
      }
      if (!res.ok || !res.body) return;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        heard();
        const parsed = parseSse(buffer + value);
        buffer = parsed.rest;
        for (const e of parsed.events) {
          if (e.event === READY_EVENT) {
            failures = 0;
            open = true;
            // Pokes sent while we were away are lost: a reconnect syncs once.
            if (everOpened) poke();
            everOpened = true;
          } else if (e.event === POKE_EVENT) {
            poke();
          }
        }
      }
    } catch {
      // Network failure, abort (stop, silence) or a broken body: retried below unless stopped.
    } finally {
      clear(silence);
      const dropped = open;
      open = false;
      if (abort === ctl) abort = null;
      if (dropped && !parked && running && gen === generation) opts.onDrop?.();
      if (!parked) retryLater(gen);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      generation++;
      failures = 0;
      // Coming back (visible again, signed in again) already syncs through the engine's own triggers (C7).
      everOpened = false;
      void connect(generation);
    },
    stop() {
      running = false;
      generation++;
      teardown();
      clear(pokeTimer);
      pokeTimer = null;
    },
    restart() {
      if (!running) return;
      generation++;
      teardown();
      failures = 0;
      void connect(generation);
    },
    isOpen: () => open,
  };
}

/**
 * Runs `pokes` while `wanted()` (the engine is started: somebody is signed in) and the page is visible: a hidden
 * page's stream is closed (phones suspend it anyway; becoming visible syncs through C7). Call `update()` when
 * `wanted()` may have changed; returns the uninstaller.
 */
export function pokeWhileVisible(
  pokes: PokeListener,
  wanted: () => boolean,
): { update(): void; dispose(): void } {
  const doc = (globalThis as { document?: Document }).document;
  const update = () => {
    if (wanted() && (doc?.visibilityState ?? 'visible') === 'visible') pokes.start();
    else pokes.stop();
  };
  doc?.addEventListener('visibilitychange', update);
  return {
    update,
    dispose() {
      doc?.removeEventListener('visibilitychange', update);
      pokes.stop();
    },
  };
}
