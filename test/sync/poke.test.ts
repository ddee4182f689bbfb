import { describe, expect, it } from 'vitest';
import { CLIENT_ID_HEADER, EVENTS_PATH } from '../../src/protocol/events.ts';
import { createPokeListener, parseSse, pokeWhileVisible, type PokeTimers } from '../../src/sync/poke.ts';

/** Timers that run only when told (the stream itself is real: a ReadableStream fed by the test). */
class ManualTimers implements PokeTimers {
  now = 0;
  private next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void; ms: number }>();
  readonly scheduled: number[] = [];
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn, ms });
    this.scheduled.push(ms);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await settle();
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

interface Call {
  readonly url: string;
  readonly headers: Record<string, string>;
  send(text: string): void;
  end(): void;
  aborted(): boolean;
}

/** A fake server for the stream: each fetch is recorded; `mode` decides its answer. */
function fakeStreamServer() {
  const calls: Call[] = [];
  let mode: 'stream' | 'fail' | 401 | 404 = 'stream';
  const enc = new TextEncoder();
  const fetch: typeof globalThis.fetch = (input, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    let ctl: ReadableStreamDefaultController<Uint8Array> | null = null;
    let aborted = false;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        ctl = c;
      },
    });
    const signal = init?.signal;
    signal?.addEventListener('abort', () => {
      aborted = true;
      try {
        ctl?.error(new DOMException('aborted', 'AbortError'));
      } catch {
        // already closed
      }
    });
    calls.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      headers,
      send: (t) => ctl?.enqueue(enc.encode(t)),
      end: () => ctl?.close(),
      aborted: () => aborted,
    });
    if (mode === 'fail') return Promise.reject(new TypeError('Failed to fetch'));
    if (mode === 401) return Promise.resolve(new Response('{}', { status: 401 }));
    if (mode === 404) return Promise.resolve(new Response('{}', { status: 404 }));
    return Promise.resolve(new Response(body, { status: 200 }));
  };
  return {
    calls,
    fetch,
    setMode(m: typeof mode) {
      mode = m;
    },
    last(): Call {
      const c = calls.at(-1);
      if (!c) throw new Error('no call yet');
      return c;
    },
  };
}

function setup(token: string | null = 'tok-1') {
  const server = fakeStreamServer();
  const timers = new ManualTimers();
  let syncs = 0;
  let drops = 0;
  let currentToken = token;
  const listener = createPokeListener({
    getToken: () => Promise.resolve(currentToken),
    getClientId: () => Promise.resolve('client-1'),
    onPoke: () => syncs++,
    onDrop: () => drops++,
    fetch: server.fetch,
    timers,
    random: () => 0.5,
  });
  return {
    server,
    timers,
    listener,
    syncs: () => syncs,
    drops: () => drops,
    setToken(t: string | null) {
      currentToken = t;
    },
  };
}

const READY = 'event: ready\ndata: {"version":1}\n\n';
const POKE = 'event: poke\ndata: {"version":2}\n\n';

describe('poke listener', () => {
  it('[C16] sends the token in the Authorization header and the clientId, never in the URL', async () => {
    const t = setup();
    t.listener.start();
    await settle();
    const call = t.server.last();
    expect(call.url).toBe(EVENTS_PATH);
    expect(call.headers['authorization']).toBe('Bearer tok-1');
    expect(call.headers[CLIENT_ID_HEADER]).toBe('client-1');
    t.listener.stop();
  });

  it('[C16] a poke asks for one sync; a burst of pokes makes one', async () => {
    const t = setup();
    t.listener.start();
    await settle();
    t.server.last().send(READY);
    await t.timers.advance(1_000);
    expect(t.listener.isOpen()).toBe(true);
    expect(t.syncs()).toBe(0); // the first connection: the engine's start-up sync covers it
    t.server.last().send(POKE);
    await t.timers.advance(1_000);
    expect(t.syncs()).toBe(1);
    t.server.last().send(POKE + POKE + ': heartbeat\n\n' + POKE);
    await settle();
    t.server.last().send(POKE);
    await t.timers.advance(1_000);
    expect(t.syncs()).toBe(2);
    t.listener.stop();
  });

  it('[C16] a stream the server ended is reopened after a jittered delay, and syncs once for missed pokes', async () => {
    const t = setup();
    t.listener.start();
    await settle();
    t.server.last().send(READY);
    await settle();
    t.server.last().end();
    await settle();
    expect(t.server.calls).toHaveLength(1);
    await t.timers.advance(1_000); // first delay: 500–1000 ms (equal jitter on 1 s)
    expect(t.server.calls).toHaveLength(2);
    t.server.last().send(READY);
    await t.timers.advance(1_000);
    expect(t.syncs()).toBe(1);
    t.listener.stop();
  });

  it('[C16][C15] an open stream that drops tells its owner at once (the engine probes), and a stopped listener reconnects never', async () => {
    const t = setup();
    t.listener.start();
    await settle();
    t.server.last().end(); // never opened (no ready): not a drop
    await settle();
    expect(t.drops()).toBe(0);
    await t.timers.advance(1_000);
    t.server.last().send(READY);
    await settle();
    t.server.last().end();
    await settle();
    expect(t.drops()).toBe(1);
    // The owner stops the listener (the engine found the server unreachable): no reconnect follows.
    const calls = t.server.calls.length;
    t.listener.stop();
    await t.timers.advance(60_000);
    expect(t.server.calls).toHaveLength(calls);
  });

  it('[C16] while the server is unreachable, retries back off to a 30 s cap (first within 1 s) and never stop', async () => {
    const t = setup();
    t.server.setMode('fail');
    t.listener.start();
    await settle();
    await t.timers.advance(30 * 60_000);
    const n = t.server.calls.length;
    // 1, 2, 4, 8, 16 s then 30 s (jitter: half to whole): about 64 attempts in 30 minutes, not a flood.
    expect(n).toBeGreaterThan(55);
    expect(n).toBeLessThan(130);
    const retryDelays = t.timers.scheduled.filter((ms) => ms !== 50_000 && ms !== 100);
    expect(retryDelays[0]).toBeLessThanOrEqual(1_000);
    expect(Math.max(...retryDelays)).toBeLessThanOrEqual(30_000);
    // The server is back: the next attempt opens the stream and the counter resets.
    t.server.setMode('stream');
    await t.timers.advance(30_000);
    t.server.last().send(READY);
    await t.timers.advance(1_000);
    expect(t.listener.isOpen()).toBe(true);
    expect(t.syncs()).toBe(0); // never opened before: nothing was missed that start-up did not cover
    t.listener.stop();
  });

  it('[C16] an older server without the stream (404) is retried slowly, not in a loop', async () => {
    const t = setup();
    t.server.setMode(404);
    t.listener.start();
    await t.timers.advance(60_000);
    expect(t.server.calls.length).toBeLessThanOrEqual(8);
    t.listener.stop();
  });

  it('[C16] a refused session (401) parks the listener until a new login restarts it', async () => {
    const t = setup();
    t.server.setMode(401);
    t.listener.start();
    await t.timers.advance(10 * 60_000);
    expect(t.server.calls).toHaveLength(1);
    t.server.setMode('stream');
    t.setToken('tok-2');
    t.listener.restart();
    await settle();
    expect(t.server.calls).toHaveLength(2);
    expect(t.server.last().headers['authorization']).toBe('Bearer tok-2');
    t.listener.stop();
  });

  it('[C16] without a session nothing is requested', async () => {
    const t = setup(null);
    t.listener.start();
    await t.timers.advance(10 * 60_000);
    expect(t.server.calls).toHaveLength(0);
    t.listener.stop();
  });

  it('[C16] a stream that falls silent (no heartbeat for 50 s) is dropped and reopened', async () => {
    const t = setup();
    t.listener.start();
    await settle();
    t.server.last().send(READY);
    await t.timers.advance(40_000);
    t.server.last().send(': heartbeat\n\n');
    await t.timers.advance(40_000);
    expect(t.server.calls).toHaveLength(1);
    await t.timers.advance(11_000);
    expect(t.server.calls[0]?.aborted()).toBe(true);
    expect(t.server.calls).toHaveLength(2);
    t.listener.stop();
  });

  it('stop() closes the stream and leaves no timer that reopens it', async () => {
    const t = setup();
    t.listener.start();
    await settle();
    t.server.last().send(READY + POKE);
    await settle();
    t.listener.stop();
    await t.timers.advance(10 * 60_000);
    expect(t.server.calls).toHaveLength(1);
    expect(t.server.last().aborted()).toBe(true);
    expect(t.syncs()).toBe(0);
  });
});

describe('parseSse', () => {
  it('splits complete events, drops comments, keeps the unfinished rest, reads CRLF', () => {
    expect(parseSse(': hi\n\nevent: poke\ndata: {"version":3}\n\nevent: po')).toEqual({
      events: [{ event: 'poke', data: '{"version":3}' }],
      rest: 'event: po',
    });
    expect(parseSse('data: a\r\ndata: b\r\n\r\n')).toEqual({
      events: [{ event: 'message', data: 'a\nb' }],
      rest: '',
    });
  });
});

describe('pokeWhileVisible', () => {
  it('[C16] keeps the stream open only while wanted and the page is visible', () => {
    const doc = new EventTarget() as EventTarget & { visibilityState: string };
    doc.visibilityState = 'visible';
    const g = globalThis as { document?: unknown };
    const before = g.document;
    g.document = doc;
    try {
      const calls: string[] = [];
      const pokes = {
        start: () => calls.push('start'),
        stop: () => calls.push('stop'),
        restart: () => undefined,
        isOpen: () => false,
      };
      let signedIn = false;
      const v = pokeWhileVisible(pokes, () => signedIn);
      v.update();
      signedIn = true;
      v.update();
      doc.visibilityState = 'hidden';
      doc.dispatchEvent(new Event('visibilitychange'));
      doc.visibilityState = 'visible';
      doc.dispatchEvent(new Event('visibilitychange'));
      v.dispose();
      doc.dispatchEvent(new Event('visibilitychange'));
      expect(calls).toEqual(['stop', 'start', 'stop', 'start', 'stop']);
    } finally {
      g.document = before;
    }
  });
});
