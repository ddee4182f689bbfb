import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalNotifier, type ChangeNotice, type ChangeNotifier } from '../../src/server/pokes/notifier.ts';
import { PgNotifier, channelFor } from '../../src/server/pokes/pg-notifier.ts';
import { PG_URL, randomSchema } from './pg.ts';

function notice(version: number, over: Partial<ChangeNotice> = {}): ChangeNotice {
  return { version, unitIds: ['u1'], teamIds: [], all: false, clientId: null, ...over };
}

/** Collects notices; `next()` resolves with the next one not yet taken, or rejects after `ms`. */
function inbox(n: ChangeNotifier) {
  const got: ChangeNotice[] = [];
  let taken = 0;
  let wake: (() => void) | null = null;
  const off = n.subscribe((x) => {
    got.push(x);
    wake?.();
  });
  return {
    got,
    off,
    async next(ms = 5_000): Promise<ChangeNotice> {
      const deadline = Date.now() + ms;
      while (taken >= got.length) {
        if (Date.now() > deadline) throw new Error(`no notice within ${ms} ms`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      const x = got[taken++];
      if (!x) throw new Error('unreachable');
      return x;
    },
  };
}

const opened: ChangeNotifier[] = [];
afterEach(async () => {
  for (const n of opened.splice(0)) await n.close();
});

/** The contract every notifier keeps, run on both implementations. */
describe.each([
  ['in-process', () => Promise.resolve(new LocalNotifier())],
  ['PostgreSQL', () => PgNotifier.open(PG_URL, { schema: randomSchema() })],
])('change notifier contract (%s)', (_name, make: () => Promise<ChangeNotifier>) => {
  const open = async () => {
    const n = await make();
    opened.push(n);
    return n;
  };

  it('[C16] delivers a published notice to this process’s subscribers, in order, once', async () => {
    const n = await open();
    const a = inbox(n);
    const b = inbox(n);
    n.publish(notice(1));
    n.publish(notice(2, { all: true, clientId: 'c1' }));
    expect(await a.next()).toEqual(notice(1));
    expect(await a.next()).toEqual(notice(2, { all: true, clientId: 'c1' }));
    expect((await b.next()).version).toBe(1);
    await new Promise((r) => setTimeout(r, 200)); // an echo through the database would show up by now
    expect(a.got).toHaveLength(2);
  });

  it('[C16] an unsubscribed listener and a closed notifier get nothing', async () => {
    const n = await open();
    const a = inbox(n);
    const b = inbox(n);
    a.off();
    n.publish(notice(1));
    await b.next();
    expect(a.got).toEqual([]);
    await n.close();
    n.publish(notice(2));
    await new Promise((r) => setTimeout(r, 100));
    expect(b.got).toHaveLength(1);
  });
});

describe('PostgreSQL notifier across processes', () => {
  it('[C16] a notice crosses to another process on the same schema, never to another schema', async () => {
    const schema = randomSchema();
    const a = await PgNotifier.open(PG_URL, { schema });
    const b = await PgNotifier.open(PG_URL, { schema });
    const stranger = await PgNotifier.open(PG_URL, { schema: randomSchema() });
    opened.push(a, b, stranger);
    const atB = inbox(b);
    const atStranger = inbox(stranger);
    a.publish(notice(7, { unitIds: ['440310001001'], teamIds: ['t1'], clientId: 'dev-1' }));
    expect(await atB.next()).toEqual(
      notice(7, { unitIds: ['440310001001'], teamIds: ['t1'], clientId: 'dev-1' }),
    );
    b.publish(notice(8));
    expect((await atB.next()).version).toBe(8);
    await new Promise((r) => setTimeout(r, 200));
    expect(atStranger.got).toEqual([]);
  });

  it('[C16] a notice too long for NOTIFY goes out as "everybody"', async () => {
    const schema = randomSchema();
    const a = await PgNotifier.open(PG_URL, { schema });
    const b = await PgNotifier.open(PG_URL, { schema });
    opened.push(a, b);
    const atB = inbox(b);
    const many = Array.from({ length: 2_000 }, (_, i) => `4403100${String(i).padStart(5, '0')}`);
    a.publish(notice(3, { unitIds: many }));
    expect(await atB.next()).toEqual(notice(3, { unitIds: [], all: true }));
  });

  it('[C16] the listening connection comes back after it was killed, and tells its subscribers to sync once', async () => {
    const schema = randomSchema();
    const a = await PgNotifier.open(PG_URL, { schema });
    const b = await PgNotifier.open(PG_URL, { schema, reconnectMs: 100 });
    opened.push(a, b);
    const atB = inbox(b);
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()',
        [`LISTEN "${channelFor(schema)}"`],
      );
      // Both processes listen on the channel: both connections are cut.
      expect(killed.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    expect(await atB.next()).toMatchObject({ all: true });
    a.publish(notice(9));
    // `a` may still be reconnecting: publish until the notice gets through (a lost notice is allowed, C16).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const got = await atB.next(500).catch(() => null);
      if (got?.version === 9) break;
      if (Date.now() > deadline) throw new Error('no notice after the reconnect');
      a.publish(notice(9));
    }
  });
});
