import type { ErrorReason } from '../protocol/errors.ts';

/**
 * What can go wrong talking to the server, as typed errors the engine can switch on (STYLE.md habit 6).
 * Each class carries `name` and `reason`; unknown throws become an `UnexpectedError` through `toSyncError`.
 */

/** The request never got an answer: no network, server down, connection cut, or the response was lost. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly reason = 'network';
  constructor(message = '无法连接服务器', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The server answered with an error body `{error:{reason,message,details}}` (or an unreadable one). */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  constructor(
    readonly status: number,
    readonly reason: ErrorReason,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** 5xx, 429 and unreadable answers are worth retrying; a 4xx about the request itself is not. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** 401: no session, or it expired (SPEC.md S5, C9). The outbox stays as it is; the worker logs in again. */
export class UnauthenticatedError extends HttpError {
  override readonly name: string = 'UnauthenticatedError';
  constructor(message = '登录已过期，请重新登录', details?: unknown) {
    super(401, 'unauthenticated', message, details);
  }
}

/** 409 protocol_version (SPEC.md P1): this app is too old or too new for the server; the outbox stays. */
export class ProtocolVersionError extends HttpError {
  override readonly name: string = 'ProtocolVersionError';
  constructor(message = '应用版本与服务器不兼容，请更新应用', details?: unknown) {
    super(409, 'protocol_version', message, details);
  }
}

/**
 * The server's answer did not match the protocol schema. A trust boundary (STYLE.md habit 2): nothing of such
 * an answer is stored, the cursor does not move, and the sync retries later.
 */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
  readonly reason = 'invalid_response';
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class UnexpectedError extends Error {
  override readonly name = 'UnexpectedError';
  readonly reason = 'unexpected';
}

/** The one place unknown throws become errors with a reason. */
export function toSyncError(e: unknown): Error & { reason: string } {
  if (
    e instanceof NetworkError ||
    e instanceof HttpError ||
    e instanceof InvalidResponseError ||
    e instanceof UnexpectedError
  ) {
    return e;
  }
  if (e instanceof Error && typeof (e as { reason?: unknown }).reason === 'string') {
    return e as Error & { reason: string };
  }
  return new UnexpectedError(e instanceof Error ? e.message : String(e), { cause: e });
}
