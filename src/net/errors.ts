import type { ErrorReason } from '../protocol/errors.ts';

/**
 * What can go wrong talking to the server: one error family for every request of the client (sync, session,
 * admin, reports, org, import, export), as typed errors callers switch on by `reason` (STYLE.md habit 6).
 * Each class carries `name`, `reason`, a message in Chinese fit for the user, and optional `details`.
 */

/** The request never got an answer: no network, server down, connection cut, timed out, or the body was lost. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly reason = 'network';
  readonly details?: unknown;
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

/**
 * 401 device_wiped (SPEC.md D3): the server marked this device for wipe (user disabled, password reset, or
 * 注销此设备). The app deletes its database at once and shows the login screen.
 */
export class DeviceWipedError extends HttpError {
  override readonly name: string = 'DeviceWipedError';
  constructor(message = '此设备已被注销，本机数据已清除', details?: unknown) {
    super(401, 'device_wiped', message, details);
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
 * A 2xx answer that did not match its schema (src/protocol). A trust boundary (STYLE.md habit 2): nothing of
 * such an answer is used or stored; callers retry later or say the server answered wrongly.
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

/** Anything else thrown on the way (a bug, a storage failure after the answer): never shown as a raw stack. */
export class UnexpectedError extends Error {
  override readonly name = 'UnexpectedError';
  readonly reason = 'unexpected';
  readonly details?: unknown;
}

/** Every failure of a request, as callers see it. */
export type RequestError = NetworkError | HttpError | InvalidResponseError | UnexpectedError;

/** The one place unknown throws of a request become a RequestError (the message is for the user). */
export function toRequestError(e: unknown, message = '操作失败，请重试'): RequestError {
  return isRequestError(e) ? e : new UnexpectedError(message, { cause: e });
}

/** True for an error of this family (what `toRequestError` passes through unchanged). */
export function isRequestError(e: unknown): e is RequestError {
  return (
    e instanceof NetworkError ||
    e instanceof HttpError ||
    e instanceof InvalidResponseError ||
    e instanceof UnexpectedError
  );
}
