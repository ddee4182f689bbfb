import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError, InvalidResponseError, NetworkError, UnauthenticatedError } from '../../src/net/errors.ts';
import { createHttpClient } from '../../src/net/http.ts';

/**
 * The one HTTP client against a real HTTP server on a loopback port (no fetch double): the failures a phone
 * meets on a weak signal — a server that takes the connection and never answers, an answer that stalls
 * halfway, a closed port — end in a NetworkError within the timeout; refusals and bad answers in their typed
 * errors.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base = '';
let handler: Handler = (_req, res) => res.end();
const requests: { method: string; url: string; auth: string | null; type: string | null; body: string }[] =
  [];
const hanging = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization ?? null,
        type: req.headers['content-type'] ?? null,
        body,
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const res of hanging) res.destroy();
  hanging.clear();
  requests.length = 0;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const okSchema = z.object({ ok: z.literal(true), n: z.number() });
const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

describe('the HTTP client', () => {
  it('gives up on a server that takes the request and never answers, with the caller’s message', async () => {
    handler = (_req, res) => void hanging.add(res);
    const http = createHttpClient({ baseUrl: base, timeoutMs: 1_000 });
    const started = Date.now();
    const failure = http.json(
      { method: 'GET', path: '/api/org', token: 't', offlineMessage: '需要联网：测试' },
      okSchema,
    );
    await expect(failure).rejects.toBeInstanceOf(NetworkError);
    await expect(failure).rejects.toMatchObject({ reason: 'network', message: '需要联网：测试' });
    // It waited out the timeout (not a refused connection), and no longer.
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(5_000);
  });

  it('a request’s own timeout overrides the client’s', async () => {
    handler = (_req, res) => void hanging.add(res);
    const http = createHttpClient({ baseUrl: base, timeoutMs: 60_000 });
    await expect(
      http.json({ method: 'GET', path: '/slow', token: null, timeoutMs: 500 }, okSchema),
    ).rejects.toBeInstanceOf(NetworkError);
  });

  it('gives up on a download whose body stalls halfway', async () => {
    handler = (_req, res) => {
      hanging.add(res);
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '1000' });
      res.write('姓名,身份证号\n');
    };
    const http = createHttpClient({ baseUrl: base, timeoutMs: 1_000 });
    await expect(
      http.blob({ method: 'GET', path: '/api/export/person.csv', token: 't' }),
    ).rejects.toBeInstanceOf(NetworkError);
  });

  it('a closed port is a NetworkError at once', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const http = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 10_000 });
    await expect(http.json({ method: 'GET', path: '/x', token: null }, okSchema)).rejects.toBeInstanceOf(
      NetworkError,
    );
  });

  it('a device that knows it is offline fails at once without sending anything', async () => {
    const http = createHttpClient({ baseUrl: base, isOffline: () => true });
    await expect(
      http.json({ method: 'GET', path: '/x', token: 't', offlineMessage: '离线' }, okSchema),
    ).rejects.toMatchObject({ name: 'NetworkError', message: '离线' });
    expect(requests).toHaveLength(0);
  });

  it('sends the token and a JSON body, and answers the value that passed the schema', async () => {
    handler = (_req, res) => json(res, 200, { ok: true, n: 3, extra: 'dropped' });
    const http = createHttpClient({ baseUrl: base });
    const value = await http.json(
      { method: 'PUT', path: '/api/admin/org', token: 'tok', json: { a: 1 } },
      okSchema,
    );
    expect(value).toEqual({ ok: true, n: 3 });
    expect(requests[0]).toMatchObject({
      method: 'PUT',
      url: '/api/admin/org',
      auth: 'Bearer tok',
      type: 'application/json',
      body: '{"a":1}',
    });
  });

  it('uploads bytes with their content type', async () => {
    handler = (_req, res) => json(res, 200, { ok: true, n: 1 });
    const http = createHttpClient({ baseUrl: base });
    const bytes = new TextEncoder().encode('姓名\n张三').buffer;
    await http.json(
      {
        method: 'POST',
        path: '/api/admin/import/preview?name=a.csv',
        token: 't',
        bytes,
        contentType: 'application/octet-stream',
      },
      okSchema,
    );
    expect(requests[0]).toMatchObject({ type: 'application/octet-stream', body: '姓名\n张三' });
  });

  it('a 2xx that breaks the schema is an InvalidResponseError, never a value', async () => {
    handler = (_req, res) => json(res, 200, { ok: 'yes' });
    const http = createHttpClient({ baseUrl: base });
    await expect(http.json({ method: 'GET', path: '/x', token: 't' }, okSchema)).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    };
    await expect(http.json({ method: 'GET', path: '/x', token: 't' }, okSchema)).rejects.toMatchObject({
      reason: 'invalid_response',
    });
  });

  it('a refusal keeps the server’s reason, message and details; 401 is UnauthenticatedError', async () => {
    const http = createHttpClient({ baseUrl: base });
    handler = (_req, res) =>
      json(res, 409, { error: { reason: 'conflict', message: '用户名已存在', details: { username: 'w1' } } });
    const refused = http.json({ method: 'POST', path: '/api/admin/users', token: 't', json: {} }, okSchema);
    await expect(refused).rejects.toBeInstanceOf(HttpError);
    await expect(refused).rejects.toMatchObject({
      status: 409,
      reason: 'conflict',
      message: '用户名已存在',
      details: { username: 'w1' },
    });

    handler = (_req, res) => {
      res.writeHead(401);
      res.end();
    };
    await expect(
      http.blob({ method: 'GET', path: '/api/export/visit.csv', token: 'old' }),
    ).rejects.toBeInstanceOf(UnauthenticatedError);

    handler = (_req, res) =>
      json(res, 403, { error: { reason: 'forbidden', message: '只能导出本队的活动' } });
    await expect(
      http.blob({ method: 'GET', path: '/api/export/person.csv', token: 't' }),
    ).rejects.toMatchObject({
      reason: 'forbidden',
      message: '只能导出本队的活动',
    });

    handler = (_req, res) => {
      res.writeHead(502);
      res.end('Bad Gateway');
    };
    await expect(http.json({ method: 'GET', path: '/x', token: 't' }, okSchema)).rejects.toMatchObject({
      reason: 'internal',
      retryable: true,
    });
  });

  it('answers a download as a blob with the server’s bytes', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('\uFEFF姓名\n张三\n');
    };
    const http = createHttpClient({ baseUrl: base });
    const blob = await http.blob({ method: 'GET', path: '/api/export/person.csv', token: 't' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs, untouched
    expect(new TextDecoder().decode(bytes)).toBe('姓名\n张三\n');
  });
});
