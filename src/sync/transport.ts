import { decodeAnswer } from '../net/decode.ts';
import { createHttpClient, type HttpClientOptions } from '../net/http.ts';
import { errorBodySchema } from '../protocol/errors.ts';
import { loginResponseSchema, type LoginRequest, type LoginResponse } from '../protocol/auth.ts';
import { pushResponseSchema, type PushRequest, type PushResponse } from '../protocol/push.ts';
import { pullResponseSchema, type PullRequest, type PullResponse } from '../protocol/pull.ts';

/**
 * How the engine talks to the server. Contract: each method resolves with a response that passed the protocol
 * schema, or rejects with a NetworkError (no answer), UnauthenticatedError (401), ProtocolVersionError (P1),
 * HttpError (any other `{error:{…}}` answer) or InvalidResponseError (an answer that broke the schema).
 * A NetworkError says nothing about whether the server applied a push: the push is simply sent again (P3).
 */
export interface Transport {
  login(req: LoginRequest): Promise<LoginResponse>;
  logout(token: string): Promise<void>;
  push(req: PushRequest, token: string): Promise<PushResponse>;
  pull(req: PullRequest, token: string): Promise<PullResponse>;
}

/** One raw exchange: POST a JSON body to an API path. Rejects only when no answer arrived. */
export type Send = (
  path: string,
  body: unknown,
  token: string | null,
) => Promise<{ status: number; text: string }>;

/** The decoder every Transport answer goes through (engine tests reuse it on fake transports). */
export { decodeAnswer };

export const API = {
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  push: '/api/sync/push',
  pull: '/api/sync/pull',
} as const;

/** A Transport over any `Send`: fetch in the app, `app.inject` with faults in the simulation. */
export function createHttpTransport(send: Send): Transport {
  return {
    async login(req) {
      const { status, text } = await send(API.login, req, null);
      return decodeAnswer(status, text, loginResponseSchema);
    },
    async logout(token) {
      const { status, text } = await send(API.logout, {}, token);
      if (status === 401) return; // already gone: that is what logging out wants
      if (status >= 300) decodeAnswer(status, text, errorBodySchema);
    },
    async push(req, token) {
      const { status, text } = await send(API.push, req, token);
      return decodeAnswer(status, text, pushResponseSchema);
    },
    async pull(req, token) {
      const { status, text } = await send(API.pull, req, token);
      return decodeAnswer(status, text, pullResponseSchema);
    },
  };
}

/** How long a sync request may take before it counts as a network failure. */
export const SYNC_TIMEOUT_MS = 60_000;

/** Below this a push body is sent as it is: the gzip header and the work are not worth it. */
export const COMPRESS_MIN_BYTES = 8 * 1024;

export interface FetchTransportOptions extends HttpClientOptions {
  /**
   * Gzip push bodies of at least COMPRESS_MIN_BYTES where the browser has CompressionStream (SPEC.md P17).
   * Default true: on a 3G uplink a 500-record push takes seconds less; on a fast link it costs a few ms.
   */
  readonly compress?: boolean;
}

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/**
 * The app's Transport: `Send` over the one HTTP client (src/net/http.ts), so sync requests get the same
 * timeout, no-cache and NetworkError rules as every other request of the app. Large pushes go gzipped.
 */
export function createFetchTransport(opts: FetchTransportOptions = {}): Transport {
  const { compress: wanted, ...clientOpts } = opts;
  const http = createHttpClient({ timeoutMs: SYNC_TIMEOUT_MS, ...clientOpts });
  const compress = (wanted ?? true) && typeof CompressionStream === 'function';
  return createHttpTransport(async (path, body, token) => {
    const json = JSON.stringify(body);
    // Characters ≤ bytes in UTF-8: a body this long in characters is at least this long in bytes.
    if (compress && path === API.push && json.length >= COMPRESS_MIN_BYTES) {
      return http.exchange({
        method: 'POST',
        path,
        token,
        bytes: await gzip(json),
        contentType: 'application/json',
        contentEncoding: 'gzip',
      });
    }
    return http.exchange({ method: 'POST', path, token, json: body });
  });
}
