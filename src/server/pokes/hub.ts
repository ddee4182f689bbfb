import type { ServerResponse } from 'node:http';
import { OrgIndex } from '../../model/org.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { HEARTBEAT_MS, POKE_EVENT, READY_EVENT } from '../../protocol/events.ts';
import { areaFilter, touchesArea } from '../replication/scope.ts';
import type { Store } from '../storage/store.ts';
import type { ChangeNotice, ChangeNotifier } from './notifier.ts';

export interface PokeHubOptions {
  /** A comment line this often keeps proxies and NATs from closing an idle stream. */
  readonly heartbeatMs?: number;
  /**
   * A stream is closed after this long and the device reconnects, authenticating again: a revoked session or a
   * user moved to another unit stops getting the old area's pokes within this time.
   */
  readonly maxAgeMs?: number;
  /** How long the org tree read for area checks is reused (an "everybody" notice drops it at once). */
  readonly orgTtlMs?: number;
}

interface Stream {
  readonly user: SessionUser;
  readonly clientId: string | null;
  readonly res: ServerResponse;
  readonly expiry: ReturnType<typeof setTimeout>;
}

/**
 * The open poke streams of this process (SPEC.md C16). On each change notice it pokes the streams whose user's
 * area (scope.ts, the same rule as pulls) contains a unit or team the change touched; it never sends data.
 */
export class PokeHub {
  private readonly streams = new Set<Stream>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  private org: { index: OrgIndex; at: number } | null = null;
  private closed = false;

  constructor(
    private readonly store: Store,
    notifier: ChangeNotifier,
    private readonly opts: PokeHubOptions = {},
  ) {
    this.unsubscribe = notifier.subscribe((n) => void this.onNotice(n));
    this.heartbeat = setInterval(() => {
      for (const s of this.streams) this.write(s, ': heartbeat\n\n');
    }, opts.heartbeatMs ?? HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /** Takes over a hijacked response: writes the SSE head and `ready`, then pokes until closed. */
  open(user: SessionUser, clientId: string | null, res: ServerResponse, version: number): void {
    if (this.closed) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      // nginx buffers responses by default: a poke would sit in its buffer.
      'x-accel-buffering': 'no',
      // The connection ends with the stream: a kept-alive socket left behind would hold a server's close().
      connection: 'close',
    });
    const expiry = setTimeout(() => this.end(stream), this.opts.maxAgeMs ?? 10 * 60_000);
    expiry.unref();
    const stream: Stream = { user, clientId, res, expiry };
    this.streams.add(stream);
    res.on('close', () => this.drop(stream));
    this.write(stream, `event: ${READY_EVENT}\ndata: ${JSON.stringify({ version })}\n\n`);
  }

  /** Ends every stream (server shutdown) and stops listening. */
  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const s of this.streams) this.end(s);
  }

  private write(s: Stream, chunk: string): void {
    if (s.res.writableEnded || s.res.destroyed) {
      this.drop(s);
      return;
    }
    s.res.write(chunk);
  }

  private end(s: Stream): void {
    this.drop(s);
    if (!s.res.writableEnded) s.res.end();
  }

  private drop(s: Stream): void {
    clearTimeout(s.expiry);
    this.streams.delete(s);
  }

  private async orgIndex(fresh: boolean): Promise<OrgIndex> {
    const ttl = this.opts.orgTtlMs ?? 10_000;
    if (!fresh && this.org !== null && Date.now() - this.org.at < ttl) return this.org.index;
    const index = new OrgIndex(await this.store.getOrg());
    this.org = { index, at: Date.now() };
    return index;
  }

  private async onNotice(n: ChangeNotice): Promise<void> {
    if (this.streams.size === 0) {
      if (n.all) this.org = null;
      return;
    }
    const chunk = `event: ${POKE_EVENT}\ndata: ${JSON.stringify({ version: n.version })}\n\n`;
    let org: OrgIndex | null = null;
    try {
      org = n.all ? null : await this.orgIndex(false);
    } catch {
      org = null; // Cannot tell whose area it is: poke everybody (a poke is only a hint).
    }
    if (n.all) this.org = null;
    for (const s of this.streams) {
      if (n.clientId !== null && s.clientId === n.clientId) continue;
      if (org === null || touchesArea(areaFilter(org, s.user), n)) this.write(s, chunk);
    }
  }
}
