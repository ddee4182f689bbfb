import type { z } from 'zod';
import { UnauthenticatedError } from '../net/errors.ts';
import { createHttpClient, type HttpRequest } from '../net/http.ts';
import { sessionStore } from './session.ts';

/**
 * The app's HTTP client for the calls that go straight to the server, never queued: admin, reports, org, import
 * and export. The one client of src/net (timeouts, typed errors, zod-checked answers) with the signed-in
 * user's token. A device that knows it is offline fails at once; one that only believes itself online waits
 * at most the request's timeout.
 */
export const http = createHttpClient({
  isOffline: () => typeof navigator !== 'undefined' && !navigator.onLine,
});

export type ApiRequest = Omit<HttpRequest, 'token'>;

function token(): string {
  const s = sessionStore.getState();
  if (s.status !== 'signed-in') throw new UnauthenticatedError('请先登录');
  return s.session.token;
}

/** A signed-in request answering JSON, checked with `schema` (a src/protocol schema). */
export async function apiJson<T>(req: ApiRequest, schema: z.ZodType<T>): Promise<T> {
  return http.json({ ...req, token: token() }, schema);
}

/** A signed-in request answering a file. */
export async function apiBlob(req: ApiRequest): Promise<Blob> {
  return http.blob({ ...req, token: token() });
}
