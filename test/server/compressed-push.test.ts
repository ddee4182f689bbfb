import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/protocol/push.ts';
import { createFetchTransport } from '../../src/sync/transport.ts';
import {
  TestClient,
  errorOf,
  login,
  makePerson,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

describe('compressed push bodies', () => {
  let server: TestServer;
  let w1: Session;
  beforeAll(async () => {
    server = await startTestServer({ listen: true });
    w1 = await login(server.app, 'worker1');
  });
  afterAll(async () => {
    await server.close();
  });

  const send = (payload: Buffer, encoding: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { ...w1.headers, 'content-type': 'application/json', 'content-encoding': encoding },
      payload,
    });

  it('[P17] the app transport gzips a large push over real HTTP and the server applies it', async () => {
    const c = new TestClient();
    const persons = Array.from({ length: 40 }, () => makePerson(w1.user.id));
    const sent: { encoding: string | undefined; bytes: number }[] = [];
    const transport = createFetchTransport({
      baseUrl: server.url ?? '',
      fetch: async (input, init) => {
        const headers = init?.headers as Record<string, string>;
        const body = init?.body;
        sent.push({
          encoding: headers['content-encoding'],
          bytes: body instanceof ArrayBuffer ? body.byteLength : typeof body === 'string' ? body.length : -1,
        });
        return fetch(input, init);
      },
    });
    const req = c.pushBody(persons.map((p) => c.create('person', p)));
    const res = await transport.push(req as never, w1.token);
    expect(res.lastSeq).toBe(40);
    expect(sent[0]?.encoding).toBe('gzip');
    expect(sent[0]?.bytes).toBeGreaterThan(0);
    expect(sent[0]?.bytes).toBeLessThan(JSON.stringify(req).length / 3);
    for (const p of persons) expect((await server.store.getRecord(p.id))?.data).toEqual(p);
  });

  it('[P17] a body that does not decode, or another encoding, is refused 400 and stores nothing', async () => {
    const before = await server.store.currentVersion();
    const c = new TestClient();
    const body = Buffer.from(JSON.stringify(c.pushBody([c.create('person', makePerson(w1.user.id))])));
    const broken = await send(Buffer.from('not gzip at all'), 'gzip');
    expect(broken.statusCode).toBe(400);
    expect(errorOf(broken).reason).toBe('bad_request');
    const br = await send(body, 'br');
    expect(br.statusCode).toBe(400);
    expect(errorOf(br).reason).toBe('bad_request');
    expect(await server.store.currentVersion()).toBe(before);
    const ok = await send(gzipSync(body), 'gzip');
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('[P17] a small gzip body that expands past the 4 MiB limit is refused 413', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await send(bomb, 'gzip');
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).reason).toBe('too_large');
  });
});
