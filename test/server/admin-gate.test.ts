import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { login, startTestServer, type TestServer } from './helpers.ts';

/**
 * Sends only the first bytes of a large body and resolves with the status the server answers meanwhile; a
 * server that read the body first would never answer (the rest never comes), so the test times out.
 */
function answerBeforeBody(
  url: string,
  path: string,
  authorization: string,
  contentType: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: path.includes('/users/') ? 'PATCH' : path.endsWith('/org') ? 'PUT' : 'POST',
      headers: { authorization, 'content-type': contentType, 'content-length': String(10 * 1024 * 1024) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.write(contentType === 'application/json' ? '{"units": [' : 'PK\u0003\u0004');
  });
}

describe.each([
  { name: 'SQLite', pg: false },
  { name: 'PostgreSQL', pg: true },
])('admin-only routes ($name)', ({ pg }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuse a non-admin request before reading its body', async () => {
    server = await startTestServer({ pg, listen: true });
    const worker = await login(server.app, 'worker1');
    const url = server.url ?? '';
    const auth = worker.headers.authorization;
    const routes: [string, string][] = [
      ['/api/admin/import/commit?name=r.xlsx', 'application/octet-stream'],
      ['/api/admin/import/preview?name=r.xlsx', 'application/octet-stream'],
      ['/api/admin/org', 'application/json'],
      ['/api/admin/users', 'application/json'],
      [`/api/admin/users/${worker.user.id}`, 'application/json'],
    ];
    for (const [path, type] of routes) expect(await answerBeforeBody(url, path, auth, type)).toBe(403);
    // Without a session at all: 401, also before the body.
    expect(
      await answerBeforeBody(url, '/api/admin/org', 'Bearer nobody-0123456789', 'application/json'),
    ).toBe(401);
  }, 20_000);
});
