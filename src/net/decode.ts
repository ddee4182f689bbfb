import type { z } from 'zod';
import { errorBodySchema } from '../protocol/errors.ts';
import {
  DeviceWipedError,
  HttpError,
  InvalidResponseError,
  ProtocolVersionError,
  UnauthenticatedError,
} from './errors.ts';

/**
 * The client's trust boundary (STYLE.md habit 2): an answer (status and body text) becomes a value that passed
 * its protocol schema, or a typed error of src/net/errors.ts. Used by the HTTP client and by the sync
 * Transport over any `Send` (fetch in the app, `app.inject` in the simulation).
 */

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A non-2xx answer as the error it stands for. */
export function answerError(status: number, text: string): HttpError {
  const body = errorBodySchema.safeParse(parseJson(text));
  if (!body.success) {
    if (status === 401) return new UnauthenticatedError();
    const reason =
      status === 413
        ? 'too_large'
        : status === 429
          ? 'rate_limited'
          : status >= 500
            ? 'internal'
            : 'bad_request';
    return new HttpError(status, reason, `服务器出错（${status}），请稍后重试`);
  }
  const { reason, message, details } = body.data.error;
  if (reason === 'device_wiped') return new DeviceWipedError(message, details);
  if (status === 401 || reason === 'unauthenticated') return new UnauthenticatedError(message, details);
  if (reason === 'protocol_version') return new ProtocolVersionError(message, details);
  return new HttpError(status, reason, message, details);
}

/** A 2xx answer's value checked with `schema`; any other answer throws its error. */
export function decodeAnswer<T>(status: number, text: string, schema: z.ZodType<T>): T {
  if (status < 200 || status >= 300) throw answerError(status, text);
  const parsed = schema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new InvalidResponseError('服务器返回的数据格式不正确', parsed.error.issues.slice(0, 5));
  }
  return parsed.data;
}
