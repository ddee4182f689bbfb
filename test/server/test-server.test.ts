import { afterEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/protocol/pull.ts';
import { TestClient, login, makePerson, pushOk, startTestServer, type TestServer } from './helpers.ts';

describe('the test server the simulation drives', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('listens on a real port, and a restart keeps the database and the URL when the port is free', async () => {
    server = await startTestServer({ listen: true });
    const url = server.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const s = await login(server.app, 'worker1');
    const c = new TestClient();
    const person = makePerson(s.user.id);
    await pushOk(server.app, s, c, [c.create('person', person)]);
    await server.restart();
    expect(server.url).toBeDefined();
    const res = await fetch(`${server.url ?? ''}/api/sync/pull`, {
      method: 'POST',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify(c.pullBody()),
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    expect(page.changes.map((x) => x.id)).toContain(person.id);
    expect(page.lastSeq).toBe(1);
  });
});
