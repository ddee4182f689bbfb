/**
 * The sync protocol version. A client and server that disagree get a typed `protocol_version` error
 * (SPEC.md P1) and the client asks the worker to update the app; the outbox stays as it is.
 *
 * History:
 * 1 — first version: push of per-client sequenced mutations, keyset-paged pull by (version, id).
 */
export const PROTOCOL_VERSION = 1;
