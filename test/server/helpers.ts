import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { newId } from '../../src/model/ids.ts';
import type { Kind, RecordOf } from '../../src/model/kinds.ts';
import type { LoginResponse } from '../../src/protocol/auth.ts';
import type { Mutation } from '../../src/protocol/mutation.ts';
import type { PullResponse } from '../../src/protocol/pull.ts';
import type { PushResponse } from '../../src/protocol/push.ts';
import { PROTOCOL_VERSION } from '../../src/protocol/version.ts';
import { buildApp } from '../../src/server/app.ts';
import { DEMO_PASSWORD_DEFAULT, seedDemo } from '../../src/server/demo.ts';
import type { LoginThrottle } from '../../src/server/auth/throttle.ts';
import { PgStore } from '../../src/server/storage/pg-store.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import type { Store } from '../../src/server/storage/store.ts';
import { COMMUNITY, newPerson, newVisit } from '../fixtures/records.ts';
import { PG_URL, dropSchema, randomSchema } from './pg.ts';

/**
 * A real server for tests and the seeded simulation: fresh in-memory SQLite, or PostgreSQL in a random schema
 * of its own, seeded with the demo org tree and accounts (password `zoufang-demo`).
 */
export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** `http://127.0.0.1:PORT` when started with `listen: true` (port 0: a free port). */
  readonly url: string | undefined;
  /** The PostgreSQL schema, when `pg`. */
  readonly schema: string | undefined;
  /**
   * Closes the HTTP app and builds a new one on the same store: a server restart that keeps the database.
   * With `listen`, the new app listens on the same port when it is free, else on a new one (see `url`).
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly pg?: boolean;
  readonly listen?: boolean;
  /** Default: effectively unlimited, so tests that log in often are not throttled. */
  readonly loginThrottle?: LoginThrottle;
  /** As TRUST_PROXY (server/trust-proxy.ts). */
  readonly trustProxy?: number | readonly string[];
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const schema = opts.pg === true ? randomSchema() : undefined;
  const store = schema !== undefined ? await PgStore.open(PG_URL, { schema }) : SqliteStore.open(':memory:');
  await seedDemo(store);
  const build = async (
    port = 0,
  ): Promise<{ app: FastifyInstance; url: string | undefined; port: number }> => {
    const app = await buildApp({
      store,
      staticDir: null,
      loginThrottle: opts.loginThrottle ?? { perAccount: 1_000_000, perAddress: 1_000_000, windowMs: 60_000 },
      ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    });
    if (opts.listen !== true) return { app, url: undefined, port: 0 };
    // A restart listens on the same port again when it is still free, so clients keep their URL.
    await app.listen({ host: '127.0.0.1', port }).catch(async (e: unknown) => {
      if (port === 0 || (e as { code?: string }).code !== 'EADDRINUSE') throw e;
      await app.listen({ host: '127.0.0.1', port: 0 });
    });
    const addr = app.server.address();
    const bound = typeof addr === 'object' && addr !== null ? addr.port : 0;
    return { app, url: `http://127.0.0.1:${bound}`, port: bound };
  };
  let current = await build();
  return {
    get app() {
      return current.app;
    },
    get url() {
      return current.url;
    },
    store,
    schema,
    async restart() {
      await current.app.close();
      current = await build(current.port);
    },
    async close() {
      await current.app.close();
      await store.close();
      if (schema !== undefined) await dropSchema(schema);
    },
  };
}

export interface Session extends LoginResponse {
  readonly headers: { authorization: string };
}

/** Logs a demo user in through the API. */
export async function login(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD_DEFAULT,
): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json<LoginResponse>();
  return { ...body, headers: { authorization: `Bearer ${body.token}` } };
}

// --- records and mutations ---

type Over<K extends Kind> = Partial<RecordOf<K>>;

function stamp(by: string): { id: string; createdAt: string; createdBy: string; updatedAt: string } {
  const at = '2026-11-28T08:00:00.000Z';
  return { id: newId(), createdAt: at, createdBy: by, updatedAt: at };
}

/** A valid person of 六联社区 (test/fixtures/records.ts) with id and bookkeeping fields. */
export function makePerson(by: string, over: Over<'person'> = {}): RecordOf<'person'> {
  return { ...stamp(by), ...newPerson(), ...over };
}

export function makeVisit(by: string, personId: string, over: Over<'visit'> = {}): RecordOf<'visit'> {
  return { ...stamp(by), ...newVisit(personId), ...over };
}

export function makeNeed(by: string, personId: string, over: Over<'need'> = {}): RecordOf<'need'> {
  return {
    ...stamp(by),
    personId,
    communityId: COMMUNITY,
    category: '医疗健康',
    urgency: '一般',
    description: '住院费用困难',
    status: '登记',
    fundSource: null,
    amountGrantedFen: null,
    grantDate: null,
    declineReason: null,
    followUpDate: null,
    openedDate: '2026-11-20',
    closedDate: null,
    ...over,
  };
}

export function makeNeedStep(
  by: string,
  need: RecordOf<'need'>,
  over: Over<'needStep'> = {},
): RecordOf<'needStep'> {
  return {
    ...stamp(by),
    needId: need.id,
    personId: need.personId,
    communityId: need.communityId,
    from: null,
    to: '登记',
    date: '2026-11-20',
    note: '',
    byName: '李社工',
    fundSource: null,
    amountFen: null,
    ...over,
  };
}

export function makeActivity(by: string, over: Over<'activity'> = {}): RecordOf<'activity'> {
  return {
    ...stamp(by),
    teamId: 'team-440310001000',
    unitId: '440310001000',
    theme: '暖心服务',
    warmServiceKind: null,
    title: '走访慰问老兵',
    date: '2026-11-20',
    place: '坪山街道',
    volunteerCount: 5,
    volunteerNames: [],
    hours: 3,
    peopleServed: 20,
    notes: '',
    photos: [],
    ...over,
  };
}

/** Builds mutations of one client with consecutive seqs. */
export class TestClient {
  readonly clientId = newId();
  seq = 0;

  put<K extends Kind>(kind: K, recordId: string, fields: Partial<RecordOf<K>>, baseVersion = 0): Mutation {
    return this.mutation(kind, recordId, 'put', fields, baseVersion);
  }

  create<K extends Kind>(kind: K, record: RecordOf<K>): Mutation {
    return this.put(kind, record.id, record, 0);
  }

  delete(kind: Kind, recordId: string, baseVersion: number): Mutation {
    return this.mutation(kind, recordId, 'delete', {}, baseVersion);
  }

  private mutation(
    kind: Kind,
    recordId: string,
    op: 'put' | 'delete',
    fields: Record<string, unknown>,
    baseVersion: number,
  ): Mutation {
    this.seq += 1;
    return { id: newId(), seq: this.seq, kind, recordId, op, fields, baseVersion };
  }

  pushBody(mutations: readonly unknown[]): Record<string, unknown> {
    return { protocolVersion: PROTOCOL_VERSION, clientId: this.clientId, mutations };
  }

  pullBody(cursor: string | null = null, limit?: number): Record<string, unknown> {
    return {
      protocolVersion: PROTOCOL_VERSION,
      clientId: this.clientId,
      cursor,
      ...(limit ? { limit } : {}),
    };
  }
}

export function push(app: FastifyInstance, s: Session, body: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/sync/push', headers: s.headers, payload: body as object });
}

export function pull(app: FastifyInstance, s: Session, body: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/sync/pull', headers: s.headers, payload: body as object });
}

/** Pushes and expects 200. */
export async function pushOk(
  app: FastifyInstance,
  s: Session,
  c: TestClient,
  mutations: Mutation[],
): Promise<PushResponse> {
  const res = await push(app, s, c.pushBody(mutations));
  if (res.statusCode !== 200) throw new Error(`push failed: ${res.statusCode} ${res.body}`);
  return res.json<PushResponse>();
}

/** Pulls every page from `cursor` on and returns the changes and the final response. */
export async function pullAll(
  app: FastifyInstance,
  s: Session,
  c: TestClient,
  cursor: string | null = null,
  limit?: number,
): Promise<{ changes: PullResponse['changes']; last: PullResponse; pages: number }> {
  const changes: PullResponse['changes'] = [];
  let pages = 0;
  for (;;) {
    const res = await pull(app, s, c.pullBody(cursor, limit));
    if (res.statusCode !== 200) throw new Error(`pull failed: ${res.statusCode} ${res.body}`);
    const page = res.json<PullResponse>();
    pages += 1;
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return { changes, last: page, pages };
  }
}

/** The error body of a refused request. */
export function errorOf(res: LightMyRequestResponse): { reason: string; message: string; details?: unknown } {
  return res.json<{ error: { reason: string; message: string; details?: unknown } }>().error;
}
