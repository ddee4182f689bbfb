import {
  DeviceWipedError,
  HttpError,
  InvalidResponseError,
  isRequestError,
  NetworkError,
  ProtocolVersionError,
  UnauthenticatedError,
  UnexpectedError,
} from '../net/errors.ts';

/**
 * The errors the engine switches on are the HTTP client's one family (src/net/errors.ts), re-exported here so
 * the sync modules name them from one place. Unknown throws become an `UnexpectedError` through `toSyncError`.
 */
export {
  DeviceWipedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  ProtocolVersionError,
  UnauthenticatedError,
  UnexpectedError,
};

/** The one place unknown throws become errors with a reason. */
export function toSyncError(e: unknown): Error & { reason: string } {
  if (isRequestError(e)) return e;
  if (e instanceof Error && typeof (e as { reason?: unknown }).reason === 'string') {
    return e as Error & { reason: string };
  }
  return new UnexpectedError(e instanceof Error ? e.message : String(e), { cause: e });
}
