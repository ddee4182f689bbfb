/**
 * The in-browser half of bench/sync.ts: bundled (vite, IIFE) and injected into a Chromium page on the real
 * server's origin. Exposes `window.zoufangSyncBench`; every function returns raw timings (ms); nothing asserts.
 * It runs the app's real sync engine (src/sync) over fetch against the real server on loopback.
 */
import { ZoufangDB, type OutboxEntry } from '../src/db/database.ts';
import { createDexieReplica } from '../src/db/dexie-replica.ts';
import { META } from '../src/db/meta.ts';
import { saveSession } from '../src/db/session-store.ts';
import { idCheckChar } from '../src/model/id-number.ts';
import { newId } from '../src/model/ids.ts';
import type { LoginResponse } from '../src/protocol/auth.ts';
import { createSyncEngine } from '../src/sync/engine.ts';
import { createFetchTransport } from '../src/sync/transport.ts';

const COMMUNITY = '440310001001';

/** A person of about 1 KB of JSON. */
function person(i: number, by: string): Record<string, unknown> {
  const d = new Date(Date.UTC(1940, 0, 1) + (i % 20_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const first17 = `440310${d}${String(Math.floor(i / 20_000) * 2 + 1).padStart(3, '0')}`;
  const at = new Date().toISOString();
  return {
    id: newId(),
    name: `对象${i}`,
    sex: '男',
    idNumber: first17 + idCheckChar(first17),
    mobile: null,
    address: `坪山区六联社区幸福路${i}号`,
    communityId: COMMUNITY,
    categories: ['退役士兵'],
    priorityFlags: [],
    contactTier: '普遍联系',
    householdNotes: '家庭情况：'.padEnd(300, '和睦稳定'),
    status: '在册',
    receivedDate: null,
    createdAt: at,
    createdBy: by,
    updatedAt: at,
  };
}

export interface PushFigures {
  /** Bytes of the floor's one POST (the records as a JSON array). */
  readonly bytes: number;
  /** Bytes of the engine's push request bodies (JSON, as the transport sends them), all pushes together. */
  readonly wireBytes: number;
  /** The same push bodies as JSON text before compression (UTF-8 bytes). */
  readonly jsonBytes: number;
  readonly engineMs: number;
  /** Of engineMs, waiting for the server's answers. */
  readonly serverMs: number;
  readonly floorMs: number;
}

export interface PullFigures {
  readonly records: number;
  readonly engineMs: number;
  readonly floorMs: number;
}

async function freshDb(name: string): Promise<ZoufangDB> {
  const db = new ZoufangDB(name);
  await db.delete();
  await db.open();
  return db;
}

/** Time spent waiting for the server's push answers (request + server work + response). */
let pushWaitMs = 0;
/** Bytes of the push request bodies sent. */
let pushBytes = 0;
let pushJsonBytes = 0;

function bodyBytes(body: BodyInit | null | undefined): number {
  if (body instanceof ArrayBuffer) return body.byteLength;
  return typeof body === 'string' ? new TextEncoder().encode(body).length : 0;
}

function engineOn(db: ZoufangDB, token: string) {
  // Counts what goes on the wire: the body the transport hands to fetch (gzipped when it compresses, P17).
  const fetchTransport = createFetchTransport({
    fetch: (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/api/sync/push')) pushBytes += bodyBytes(init?.body);
      return fetch(input, init);
    },
  });
  return createSyncEngine({
    replica: createDexieReplica(db),
    transport: {
      ...fetchTransport,
      async push(req, t) {
        pushJsonBytes += new TextEncoder().encode(JSON.stringify(req)).length;
        const t0 = performance.now();
        try {
          return await fetchTransport.push(req, t);
        } finally {
          pushWaitMs += performance.now() - t0;
        }
      },
    },
    getToken: () => Promise.resolve(token),
    installTriggers: () => () => undefined,
    onLocalWrite: () => () => undefined,
    requestBackgroundSync: () => Promise.resolve(),
  });
}

/** Queues `n` person creates as the repository would (record + outbox entry), then times the engine's push. */
async function push(n: number, session: LoginResponse, floorUrl: string): Promise<PushFigures> {
  pushWaitMs = 0;
  const db = await freshDb('bench-push');
  await saveSession(db, session);
  const clientId = newId();
  const records = Array.from({ length: n }, (_, i) => person(i, session.user.id));
  const entries: OutboxEntry[] = records.map((r, i) => ({
    seq: i + 1,
    mutationId: newId(),
    clientId,
    kind: 'person',
    recordId: r['id'] as string,
    op: 'put',
    fields: r,
    baseVersion: 0,
    by: session.user.id,
    at: new Date().toISOString(),
  }));
  await db.transaction('rw', [db.person, db.outbox, db.meta], async () => {
    await db.person.bulkAdd(records.map((r) => ({ ...r, _v: 0 })) as never[]);
    await db.outbox.bulkAdd(entries);
    await db.meta.bulkPut([
      { key: META.clientId, value: clientId },
      { key: META.nextSeq, value: n + 1 },
    ]);
  });
  const engine = engineOn(db, session.token);
  pushWaitMs = 0;
  pushBytes = 0;
  pushJsonBytes = 0;
  let pushedAt = 0;
  const t0 = performance.now();
  const off = engine.subscribe((s) => {
    if (pushedAt === 0 && s.phase.kind === 'pulling') pushedAt = performance.now();
  });
  await engine.syncNow();
  off();
  const left = await db.outbox.count();
  if (left > 0 || engine.getStatus().phase.kind !== 'synced') {
    throw new Error(`push bench: ${left} left, phase ${engine.getStatus().phase.kind}`);
  }
  const engineMs = pushedAt - t0;
  // Floor: the same records as one JSON POST that the server stores in one SQLite transaction.
  const body = JSON.stringify(records);
  const f0 = performance.now();
  const res = await fetch(floorUrl, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  await res.text();
  const floorMs = performance.now() - f0;
  db.close();
  return {
    bytes: new Blob([body]).size,
    wireBytes: pushBytes,
    jsonBytes: pushJsonBytes,
    engineMs,
    serverMs: pushWaitMs,
    floorMs,
  };
}

/** A fresh device pulls everything of its area with the engine; floor: one GET plus one Dexie bulkPut. */
async function pull(session: LoginResponse, floorUrl: string): Promise<PullFigures> {
  const db = await freshDb('bench-pull');
  await saveSession(db, session);
  const engine = engineOn(db, session.token);
  const t0 = performance.now();
  await engine.syncNow();
  const engineMs = performance.now() - t0;
  const records = await db.person.count();
  db.close();

  const floorDb = await freshDb('bench-pull-floor');
  const f0 = performance.now();
  const res = await fetch(floorUrl);
  const rows = (await res.json()) as Record<string, unknown>[];
  await floorDb.person.bulkPut(rows.map((r) => ({ ...r, _v: 1 })) as never[]);
  const floorMs = performance.now() - f0;
  floorDb.close();
  return { records, engineMs, floorMs };
}

/**
 * The bare engine's first download of a whole area into a fresh database (no app page around it: no stores,
 * no screens): the floor the app's own first download is compared with (bench/device.ts).
 */
async function pullArea(session: LoginResponse): Promise<{ records: number; engineMs: number }> {
  const db = await freshDb('bench-pull-area');
  await saveSession(db, session);
  const engine = engineOn(db, session.token);
  const t0 = performance.now();
  await engine.syncNow();
  const engineMs = performance.now() - t0;
  let records = 0;
  for (const t of [db.person, db.visit, db.need]) records += await t.count();
  db.close();
  await db.delete();
  return { records, engineMs };
}

export interface CompressFigures {
  readonly raw: number;
  readonly gzip: number;
  /** Time to gzip the body with CompressionStream, ms. */
  readonly ms: number;
}

/** A push body of `n` persons as the engine sends it (lean, P16), gzipped with CompressionStream. */
async function compressCost(n: number, userId: string): Promise<CompressFigures> {
  const mutations = Array.from({ length: n }, (_, i) => {
    const fields = person(i, userId);
    return { id: newId(), seq: i + 1, kind: 'person', recordId: fields['id'], fields };
  });
  const body = new TextEncoder().encode(JSON.stringify({ protocolVersion: 2, clientId: newId(), mutations }));
  const t0 = performance.now();
  const gz = await new Response(
    new Blob([body]).stream().pipeThrough(new CompressionStream('gzip')),
  ).arrayBuffer();
  return { raw: body.length, gzip: gz.byteLength, ms: performance.now() - t0 };
}

export interface ZoufangSyncBench {
  push: typeof push;
  pull: typeof pull;
  pullArea: typeof pullArea;
  compressCost: typeof compressCost;
}

(globalThis as unknown as { zoufangSyncBench: ZoufangSyncBench }).zoufangSyncBench = {
  push,
  pull,
  pullArea,
  compressCost,
};
