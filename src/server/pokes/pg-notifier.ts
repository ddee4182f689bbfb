import { createHash, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { z } from 'zod';
import { LocalNotifier, type ChangeNotice, type ChangeNotifier } from './notifier.ts';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; longer notices go out as "everybody". */
const MAX_PAYLOAD = 7_500;
/** Channel names are identifiers: at most 63 bytes. */
const MAX_CHANNEL = 63;

const payloadSchema = z.object({
  o: z.string(),
  v: z.number().int().nonnegative(),
  u: z.array(z.string()),
  t: z.array(z.string()),
  a: z.boolean(),
  c: z.string().nullable(),
});

export interface PgNotifierOptions {
  /** The schema the store uses: NOTIFY channels are database-wide, so two schemas must not hear each other. */
  readonly schema?: string;
  /** First reconnect delay of the listening connection, doubled up to `maxReconnectMs`. */
  readonly reconnectMs?: number;
  readonly maxReconnectMs?: number;
}

/** The channel of one schema's notices (hashed when the schema name would make it too long). */
export function channelFor(schema: string): string {
  const plain = `zoufang_changes_${schema}`;
  if (plain.length <= MAX_CHANNEL) return plain;
  return `zoufang_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

/**
 * Notices across server processes sharing one PostgreSQL database: `pg_notify` on publish, one LISTEN connection
 * per process. The publishing process delivers its own notices locally at once (and skips their echo), so a
 * process whose LISTEN connection is down still pokes its own streams. The listening connection reconnects with
 * doubling delays; after a reconnect every local subscriber gets one "everybody" notice, since notices sent
 * while it was down are lost.
 */
export class PgNotifier implements ChangeNotifier {
  private readonly local = new LocalNotifier();
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly publisher: Pool;
  private listener: Client | null = null;
  private closed = false;
  private retryMs: number;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastVersion = 0;

  private constructor(
    private readonly url: string,
    private readonly opts: PgNotifierOptions,
  ) {
    this.channel = channelFor(opts.schema ?? 'public');
    this.retryMs = opts.reconnectMs ?? 1_000;
    this.publisher = new Pool({ connectionString: url, max: 1 });
    // An idle publisher connection dropped by the database must not crash the process.
    this.publisher.on('error', () => undefined);
  }

  /** Resolves once the LISTEN connection is up (or rejects when the first connection fails). */
  static async open(url: string, opts: PgNotifierOptions = {}): Promise<PgNotifier> {
    const n = new PgNotifier(url, opts);
    await n.listen();
    return n;
  }

  private async listen(): Promise<void> {
    const c = new Client({ connectionString: this.url });
    const lost = () => {
      if (this.listener !== c) return;
      this.listener = null;
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (msg) => {
      if (msg.channel !== this.channel || msg.payload === undefined) return;
      this.receive(msg.payload);
    });
    await c.connect();
    // Identifier quoting: the channel is built from a validated schema name, quoted all the same.
    await c.query(`LISTEN "${this.channel.replaceAll('"', '""')}"`);
    if (this.closed) {
      await c.end().catch(() => undefined);
      return;
    }
    this.listener = c;
    this.retryMs = this.opts.reconnectMs ?? 1_000;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer !== null) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.opts.maxReconnectMs ?? 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    try {
      await this.listen();
    } catch {
      this.scheduleReconnect();
      return;
    }
    // Whatever was published while we were deaf is lost: let every local stream sync once.
    this.local.publish({ version: this.lastVersion, unitIds: [], teamIds: [], all: true, clientId: null });
  }

  private receive(payload: string): void {
    let parsed: z.infer<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(payload));
    } catch {
      return; // Not ours (another program on the channel): ignore.
    }
    if (parsed.o === this.origin) return; // Delivered locally when published.
    this.lastVersion = Math.max(this.lastVersion, parsed.v);
    this.local.publish({
      version: parsed.v,
      unitIds: parsed.u,
      teamIds: parsed.t,
      all: parsed.a,
      clientId: parsed.c,
    });
  }

  publish(notice: ChangeNotice): void {
    if (this.closed) return;
    this.lastVersion = Math.max(this.lastVersion, notice.version);
    this.local.publish(notice);
    let payload = JSON.stringify({
      o: this.origin,
      v: notice.version,
      u: notice.unitIds,
      t: notice.teamIds,
      a: notice.all,
      c: notice.clientId,
    });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      payload = JSON.stringify({ o: this.origin, v: notice.version, u: [], t: [], a: true, c: null });
    }
    this.publisher.query('SELECT pg_notify($1, $2)', [this.channel, payload]).catch(() => {
      // The other processes' devices get it at their next timed pull (a poke is a hint, C16).
    });
  }

  subscribe(listener: (n: ChangeNotice) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const c = this.listener;
    this.listener = null;
    await this.local.close();
    await Promise.all([c?.end().catch(() => undefined), this.publisher.end().catch(() => undefined)]);
  }
}
