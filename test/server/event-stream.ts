import { CLIENT_ID_HEADER, EVENTS_PATH } from '../../src/protocol/events.ts';

export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** A poke stream read from Node as a device reads it (fetch + a reader), for server tests. */
export interface EventStream {
  readonly status: number;
  /** Every event so far (comments excluded), in order. */
  readonly events: readonly SseEvent[];
  /** Heartbeat comment lines so far. */
  readonly comments: number;
  /** Resolves with the next event named `name` not yet taken; rejects after `ms`. */
  next(name: string, ms?: number): Promise<SseEvent>;
  /** Resolves when the server ended the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export async function openEventStream(
  baseUrl: string,
  token: string | null,
  clientId?: string,
): Promise<EventStream> {
  const ctl = new AbortController();
  const headers: Record<string, string> = {};
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (clientId !== undefined) headers[CLIENT_ID_HEADER] = clientId;
  const res = await fetch(`${baseUrl}${EVENTS_PATH}`, { headers, signal: ctl.signal });
  const events: SseEvent[] = [];
  let comments = 0;
  let taken = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments += 1;
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          if (!block.startsWith(':')) events.push({ event, data });
          wake();
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      wake();
    }
  })();
  return {
    status: res.status,
    events,
    get comments() {
      return comments;
    },
    ended,
    next(name, ms = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const idx = events.findIndex((e, k) => k >= taken && e.event === name);
          if (idx < 0) return false;
          taken = idx + 1;
          const hit = events[idx];
          if (hit) resolve(hit);
          return true;
        };
        if (check()) return;
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no "${name}" event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        const waiter = () => {
          if (check()) {
            clearTimeout(timer);
            waiters.delete(waiter);
          }
        };
        waiters.add(waiter);
      });
    },
    close: () => ctl.abort(),
  };
}
