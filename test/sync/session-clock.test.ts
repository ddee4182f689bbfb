import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoufangDB } from '../../src/db/database.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord } from '../../src/db/repository.ts';
import { createSessionManager } from '../../src/sync/session.ts';
import type { Transport } from '../../src/sync/transport.ts';
import { newPerson } from '../fixtures/records.ts';
import { FakeServer, USER } from './fake-server.ts';
import { dropDb, engineFor, openDb } from './helpers.ts';

const DAY = 24 * 60 * 60 * 1000;
const actor = { userId: USER.id };
let db: ZoufangDB;

beforeEach(async () => {
  db = await openDb();
});
afterEach(async () => {
  vi.useRealTimers();
  await dropDb(db);
});

describe('session expiry and the device clock', () => {
  it('[C11] a session past its expiresAt by the phone clock still syncs; a token the server refused is not sent again until a new login', async () => {
    const server = new FakeServer();
    let issued = 't1';
    let sent = 0;
    const base = server.transport();
    const transport: Transport = {
      ...base,
      // The server's word: the session ends tomorrow.
      login: () =>
        Promise.resolve({ token: issued, expiresAt: new Date(Date.now() + DAY).toISOString(), user: USER }),
      push: (req, token) => {
        sent++;
        return base.push(req, token);
      },
      pull: (req, token) => {
        sent++;
        return base.pull(req, token);
      },
    };
    const replica = createDexieReplica(db);
    const sessions = createSessionManager({ cache: replica.session, transport });
    expect((await sessions.login('worker1', 'zoufang-demo')).ok).toBe(true);
    const engine = engineFor(replica, server, { transport, getToken: () => sessions.getToken() });

    // A week later by the phone's clock (set wrong, or the phone lay in a drawer): the server still accepts it.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 7 * DAY });
    await createRecord(db, 'person', newPerson(), actor);
    await engine.syncNow();
    expect(engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
    expect(server.applied).toHaveLength(1);

    // The server ends the session: one refused request, then nothing is sent with that token.
    server.validTokens.delete('t1');
    await createRecord(db, 'person', newPerson(), actor);
    await engine.syncNow();
    expect(engine.getStatus().phase.kind).toBe('login-required');
    const refusedAt = sent;
    await engine.syncNow();
    await engine.syncNow();
    expect(sent).toBe(refusedAt);
    expect(await db.outbox.count()).toBe(1);

    // A new login brings a new token, and the queue goes.
    issued = 't2';
    server.validTokens.add('t2');
    expect((await sessions.login('worker1', 'zoufang-demo')).ok).toBe(true);
    await engine.syncNow();
    expect(engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
    expect(server.applied).toHaveLength(2);
  });
});
