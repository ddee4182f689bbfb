import { vi } from 'vitest';
import type { TestServer } from '../server/helpers.ts';

/**
 * Routes global fetch into a real test server's Fastify app (inject: no socket), so the import and export
 * clients talk to the server's own handlers, limits and error bodies. Returns a handle listing the URLs asked
 * for; `down = true` makes requests fail the way fetch does when the server is gone.
 */
export interface ServerFetch {
  readonly urls: string[];
  down: boolean;
}

export function routeFetchTo(server: TestServer): ServerFetch {
  const handle: ServerFetch = { urls: [], down: false };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    handle.urls.push(url);
    if (handle.down) throw new TypeError('Failed to fetch');
    const body = init.body instanceof ArrayBuffer ? Buffer.from(init.body) : undefined;
    const res = await server.app.inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url,
      headers: init.headers as Record<string, string>,
      ...(body ? { payload: body } : {}),
    });
    return new Response(res.rawPayload.length ? new Uint8Array(res.rawPayload) : null, {
      status: res.statusCode,
      headers: { 'content-type': String(res.headers['content-type'] ?? '') },
    });
  });
  return handle;
}
