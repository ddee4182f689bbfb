import type { z } from 'zod';
import { errorBodySchema } from '../protocol/errors.ts';
import { loginResponseSchema, type LoginRequest, type LoginResponse } from '../protocol/auth.ts';
import { pushResponseSchema, type PushRequest, type PushResponse } from '../protocol/push.ts';
import { pullResponseSchema, type PullRequest, type PullResponse } from '../protocol/pull.ts';
import {
  HttpError,
  InvalidResponseError,
  NetworkError,
  ProtocolVersionError,
  UnauthenticatedError,
} from './errors.ts';

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

export const API = {
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  push: '/api/sync/push',
  pull: '/api/sync/pull',
} as const;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Turns an answer into a typed result or a typed error: the client's trust boundary (STYLE.md habit 2). */
export function decodeAnswer<T>(status: number, text: string, schema: z.ZodType<T>): T {
  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new InvalidResponseError('服务器返回的数据格式不正确', parsed.error.issues.slice(0, 5));
    }
    return parsed.data;
  }
  const body = errorBodySchema.safeParse(json);
  if (!body.success) {
    if (status === 401) throw new UnauthenticatedError();
    const reason = status === 413 ? 'too_large' : status >= 500 ? 'internal' : 'bad_request';
    throw new HttpError(status, reason, `服务器错误（${status}）`);
  }
  const { reason, message, details } = body.data.error;
  if (status === 401 || reason === 'unauthenticated') throw new UnauthenticatedError(message, details);
  if (reason === 'protocol_version') throw new ProtocolVersionError(message, details);
  throw new HttpError(status, reason, message, details);
}

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

export interface FetchTransportOptions {
  /** Origin of the API; '' = the page's own origin (the PWA and the API share one origin). */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** A request with no answer after this long counts as a network failure. */
  readonly timeoutMs?: number;
  /**
   * Gzip push bodies of at least COMPRESS_MIN_BYTES where the browser has CompressionStream (SPEC.md P16).
   * Default true: on a 3G uplink a 500-record push takes seconds less; on a fast link it costs a few ms.
   */
  readonly compress?: boolean;
}

/** Below this a push body is sent as it is: the gzip header and the work are not worth it. */
export const COMPRESS_MIN_BYTES = 8 * 1024;

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

export function createFetchTransport(opts: FetchTransportOptions = {}): Transport {
  const baseUrl = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const compress = (opts.compress ?? true) && typeof CompressionStream === 'function';
  return createHttpTransport(async (path, body, token) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const json = JSON.stringify(body);
    // Characters ≤ bytes in UTF-8: a body this long in characters is at least this long in bytes.
    const zipped = compress && path === API.push && json.length >= COMPRESS_MIN_BYTES;
    if (zipped) headers['content-encoding'] = 'gzip';
    const payload = zipped ? await gzip(json) : json;
    try {
      const res = await doFetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
        // Important: the browser's HTTP cache must never answer a sync request.
        cache: 'no-store',
      });
      return { status: res.status, text: await res.text() };
    } catch (e) {
      // fetch rejects only when no answer arrived (offline, DNS, reset, timeout): a network failure.
      throw new NetworkError(undefined, { cause: e });
    }
  });
}
