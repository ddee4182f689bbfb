import type { z } from 'zod';
import { answerError, decodeAnswer } from './decode.ts';
import { NetworkError } from './errors.ts';
import { APP_VERSION, APP_VERSION_HEADER } from '../protocol/version.ts';

/**
 * The client's one door to the server. Every request gets: the session token (when given), no HTTP cache, a
 * timeout, and its answer decoded — a JSON answer through its zod schema from src/protocol, a failure as a
 * typed error of src/net/errors.ts (NetworkError when no answer came in time, UnauthenticatedError for 401,
 * HttpError for any other refusal, InvalidResponseError for a 2xx that broke its schema).
 *
 * Layer: src/net sits under src/sync and src/stores and sees only src/protocol (lint: .oxlintrc.json). It
 * knows nothing of the outbox or the session store: callers pass the token.
 */
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

export interface HttpRequest {
  readonly method: Method;
  /** An API path on the page's origin, with its query string, e.g. `/api/admin/users`. */
  readonly path: string;
  /** Sent as `Authorization: Bearer …`; null for the requests before a login. */
  readonly token: string | null;
  /** A JSON body; or `bytes` with `contentType` for an upload. */
  readonly json?: unknown;
  readonly bytes?: ArrayBuffer;
  readonly contentType?: string;
  /** `Content-Encoding` of `bytes` (a gzipped push, SPEC.md P17). */
  readonly contentEncoding?: string;
  /** Overrides the client's timeout for this request (a report the device can compute itself waits less). */
  readonly timeoutMs?: number;
  /** The NetworkError's message, said to the user when no answer came (e.g. 需要联网：…). */
  readonly offlineMessage?: string;
}

/** A raw answer: the status and the body as text. */
export interface Answer {
  readonly status: number;
  readonly text: string;
}

export interface HttpClient {
  /** The raw exchange; rejects only with NetworkError (no answer, or not in time). */
  exchange(req: HttpRequest): Promise<Answer>;
  /** A 2xx answer's JSON checked with `schema`; any other outcome rejects with a RequestError. */
  json<T>(req: HttpRequest, schema: z.ZodType<T>): Promise<T>;
  /** A 2xx answer's body as a file (exports, report downloads); any other outcome rejects with a RequestError. */
  blob(req: HttpRequest): Promise<Blob>;
}

export interface HttpClientOptions {
  /** Origin of the API; '' = the page's own origin (the PWA and the API share one origin). */
  readonly baseUrl?: string;
  /** Defaults to the global fetch, looked up at each call (tests stub it). */
  readonly fetch?: typeof fetch;
  /** A request with no complete answer after this long is a NetworkError. */
  readonly timeoutMs?: number;
  /**
   * True when the device knows it is offline: the request fails at once with a NetworkError instead of waiting.
   * Important: false proves nothing — `navigator.onLine` stays true when only the server is gone, so a
   * failed or timed-out fetch is a NetworkError as well.
   */
  readonly isOffline?: () => boolean;
}

/** How long a request may take unless the client or the request says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const baseUrl = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const clientTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** Runs `read` on the answer under the request's timeout; no answer (or a cut body) is a NetworkError. */
  async function send<T>(req: HttpRequest, read: (res: Response) => Promise<T>): Promise<T> {
    if (opts.isOffline?.()) throw new NetworkError(req.offlineMessage);
    const headers: Record<string, string> = { [APP_VERSION_HEADER]: APP_VERSION };
    if (req.token !== null) headers['authorization'] = `Bearer ${req.token}`;
    let body: BodyInit | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.bytes !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/octet-stream';
      if (req.contentEncoding !== undefined) headers['content-encoding'] = req.contentEncoding;
      body = req.bytes;
    }
    try {
      // The signal also covers reading the body: a download that stalls halfway times out too.
      const res = await doFetch(`${baseUrl}${req.path}`, {
        method: req.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(req.timeoutMs ?? clientTimeout),
        // Important: the browser's HTTP cache must never answer an API request.
        cache: 'no-store',
      });
      return await read(res);
    } catch (e) {
      // fetch and body reads reject only when no (whole) answer arrived: offline, DNS, reset, timeout.
      throw new NetworkError(req.offlineMessage, { cause: e });
    }
  }

  const exchange = (req: HttpRequest): Promise<Answer> =>
    send(req, async (res) => ({ status: res.status, text: await res.text() }));

  return {
    exchange,
    async json(req, schema) {
      const { status, text } = await exchange(req);
      return decodeAnswer(status, text, schema);
    },
    async blob(req) {
      const answer = await send(req, async (res) =>
        res.ok
          ? { ok: true as const, blob: await res.blob() }
          : { ok: false as const, status: res.status, text: await res.text() },
      );
      if (!answer.ok) throw answerError(answer.status, answer.text);
      return answer.blob;
    },
  };
}
