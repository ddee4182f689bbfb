/**
 * The sync protocol version. A client and server that disagree get a typed `protocol_version` error
 * (SPEC.md P1) and the client asks the worker to update the app; the outbox stays as it is.
 *
 * History:
 * 1 — first version: push of per-client sequenced mutations, keyset-paged pull by (version, id).
 * 2 — lean push body (SPEC.md P16): the client id only at the top of a push, not on each mutation; `op` may be
 *     left out for a put and `baseVersion` for 0. Pull is unchanged. The server still accepts version 1 pushes
 *     and pulls (SUPPORTED_PROTOCOL_VERSIONS), so devices not yet updated keep syncing.
 *
 * Optional fields that either side may ignore do not bump the version: a peer that lacks them behaves as
 * before. Added within version 1: `remaining` and `reset` (C13) on pull responses — an older client drops
 * `reset` (schemas strip unknown keys) and keeps its rows as it always did; an older server never sends it.
 * Also within version 1: `refetch` on pull requests and `refetched` on pull responses (C10) — an older server
 * strips `refetch` and answers without `refetched`, and the device then falls back to a full pull; and
 * `lastSeq` in the details of `out_of_order` (C14) — without it the device keeps retrying as before.
 */
export const PROTOCOL_VERSION = 2;

/** Versions the server answers; any other gets `protocol_version` (P1). */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1, 2];

/**
 * The app's version, sent on every request in this header so the admin sees which version each device runs
 * (SPEC.md D4). Kept equal to package.json's `version`.
 */
export const APP_VERSION = '0.1.0';
export const APP_VERSION_HEADER = 'x-app-version';
