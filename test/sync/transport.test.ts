import { describe, expect, it } from 'vitest';
import { decodeAnswer } from '../../src/net/decode.ts';
import { createFetchTransport } from '../../src/sync/transport.ts';
import { pushResponseSchema } from '../../src/protocol/push.ts';
import {
  HttpError,
  InvalidResponseError,
  NetworkError,
  ProtocolVersionError,
  UnauthenticatedError,
} from '../../src/sync/errors.ts';
import { newId } from '../../src/model/ids.ts';

const body = (reason: string, details?: unknown) =>
  JSON.stringify({ error: { reason, message: 'm', details } });

const urlOf = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

describe('transport', () => {
  it('accepts an answer that matches the protocol schema', () => {
    expect(decodeAnswer(200, '{"lastSeq":3,"version":9}', pushResponseSchema)).toEqual({
      lastSeq: 3,
      version: 9,
    });
  });

  it('refuses a 200 answer that breaks the schema (a trust boundary)', () => {
    expect(() => decodeAnswer(200, '{"lastSeq":"3"}', pushResponseSchema)).toThrow(InvalidResponseError);
    expect(() => decodeAnswer(200, '<html>captive portal</html>', pushResponseSchema)).toThrow(
      InvalidResponseError,
    );
  });

  it('[S5] maps 401 to UnauthenticatedError, with or without a body', () => {
    expect(() => decodeAnswer(401, body('unauthenticated'), pushResponseSchema)).toThrow(
      UnauthenticatedError,
    );
    expect(() => decodeAnswer(401, '', pushResponseSchema)).toThrow(UnauthenticatedError);
  });

  it('[P1] maps protocol_version to ProtocolVersionError', () => {
    expect(() => decodeAnswer(409, body('protocol_version'), pushResponseSchema)).toThrow(
      ProtocolVersionError,
    );
  });

  it('[P5] keeps reason and details of a refusal', () => {
    const err = (() => {
      try {
        decodeAnswer(403, body('forbidden', { mutationId: 'x', seq: 2 }), pushResponseSchema);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 403, reason: 'forbidden', details: { seq: 2 } });
  });

  it('treats an unreadable 5xx as a retryable internal error and a bare 413 as too_large', () => {
    expect(() => decodeAnswer(502, 'Bad Gateway', pushResponseSchema)).toThrow(
      expect.objectContaining({ reason: 'internal', retryable: true }),
    );
    expect(() => decodeAnswer(413, '{"statusCode":413}', pushResponseSchema)).toThrow(
      expect.objectContaining({ reason: 'too_large' }),
    );
  });

  it('turns a fetch that got no answer into a NetworkError, and sends the bearer token', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const down = createFetchTransport({
      fetch: (input) => {
        seen.push({ url: urlOf(input), auth: null });
        return Promise.reject(new TypeError('Failed to fetch'));
      },
    });
    const req = { protocolVersion: 1, clientId: newId(), cursor: null };
    await expect(down.pull(req, 'tok')).rejects.toBeInstanceOf(NetworkError);

    const up = createFetchTransport({
      baseUrl: 'http://server',
      fetch: (input, init) => {
        seen.push({ url: urlOf(input), auth: new Headers(init?.headers).get('authorization') });
        return Promise.resolve(new Response('{"changes":[],"cursor":"0","more":false,"lastSeq":0}'));
      },
    });
    await expect(up.pull(req, 'tok')).resolves.toMatchObject({ more: false });
    expect(seen[1]).toEqual({ url: 'http://server/api/sync/pull', auth: 'Bearer tok' });
  });
});
