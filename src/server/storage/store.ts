import type { Kind } from '../../model/kinds.ts';
import type { FieldStamp } from '../../model/merge.ts';
import type { OrgTree } from '../../model/org.ts';
import type { EventKind } from '../../model/records/reveal.ts';
import type { Role } from '../../model/vocab.ts';
import type { DeviceStore } from './device-store.ts';

/**
 * The server's storage, behind one interface with two implementations (embedded SQLite, PostgreSQL) that pass
 * one contract suite (test/server/store-contract.ts). The store knows rows, not rules: the sync rules live in
 * apply.ts / pull.ts, scope in scope.ts. Every method is safe to call concurrently from many requests and,
 * on PostgreSQL, from several server processes sharing one database.
 */

/** One record as the server holds it. `data` is null for a tombstone (SPEC.md P11). */
export interface StoredRecord {
  readonly kind: Kind;
  readonly id: string;
  /** Server version of the last write (SPEC.md P7). Unique per write; never a device clock. */
  readonly version: number;
  readonly deleted: boolean;
  /** The org unit the record belongs to: a community, or an activity's team unit (scope, S1–S3). */
  readonly unitId: string;
  /** The street above `unitId` when the record was written; a denormalisation for reports, not for scope. */
  readonly streetId: string | null;
  /** The team of an activity (and of conflicts about one); null otherwise. */
  readonly teamId: string | null;
  /**
   * The unit / team the record last moved away from (a person moved to another community), kept so that pulls
   * of the old area deliver it once more — as a tombstone — and devices there drop it (SPEC.md S2). Absent or
   * null when it never moved. The stores also keep every unit it ever left (record_left_units), so a pull of
   * any of them delivers the tombstone (A → B → C reaches A).
   */
  readonly leftUnitId?: string | null;
  readonly leftTeamId?: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
  /** Per field: the version and user that last wrote it (per-field merge, SPEC.md P10). */
  readonly stamps: Readonly<Record<string, FieldStamp>>;
}

/** A record moved out of the live records (SPEC.md P15): the copy kept server-side for audit. */
export interface ArchivedRecord extends StoredRecord {
  readonly archivedAt: string;
}

export interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: string;
  readonly teamId: string | null;
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly createdAt: string;
  /** Set by an admin reset: the next login must choose a new password before anything else (SPEC.md S5). */
  readonly mustChangePassword: boolean;
}

export type UserPatch = Partial<
  Pick<
    UserRow,
    'displayName' | 'role' | 'unitId' | 'teamId' | 'passwordHash' | 'disabled' | 'mustChangePassword'
  >
>;

export interface ClientRow {
  readonly clientId: string;
  /** The user the client id is bound to: the first that pushed with it (SPEC.md S4). */
  readonly userId: string;
  /** Last applied per-client sequence number (SPEC.md P3). */
  readonly lastSeq: number;
}

/** One applied mutation: exactly-once bookkeeping (P3) and the audit trail of who changed what. */
export interface MutationRow {
  readonly clientId: string;
  readonly seq: number;
  readonly mutationId: string;
  readonly userId: string;
  /** A record kind, or an event kind (`reveal`) whose effect is an audit row. */
  readonly kind: Kind | EventKind;
  readonly recordId: string;
  readonly op: 'put' | 'delete';
  /** The version the mutation's effect got; the version current at the time when it had no effect. */
  readonly version: number;
}

export interface AuditEntry {
  readonly userId: string | null;
  /** One of AUDIT_ACTIONS (server/audit/actions.ts), e.g. `read` (a pull delivered the records), `login`. */
  readonly action: string;
  readonly kind: string | null;
  readonly recordId: string | null;
  /** Action-specific; record ids a delivery contained go in `detail.ids` (searched by AuditQuery.personId). */
  readonly detail: unknown;
  /** The device (client id) when the request named one. */
  readonly clientId?: string | null;
  /** The caller's address as the server sees it (TRUST_PROXY decides whether a proxy's header counts). */
  readonly address?: string | null;
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly clientId: string | null;
  readonly address: string | null;
}

/** A read of the audit log (SPEC.md S7): every given condition holds; newest first. */
export interface AuditQuery {
  readonly userId?: string;
  readonly recordId?: string;
  /** Rows about this record: `recordId` equal to it or its id in `detail.ids` (pull pages, exports). */
  readonly personId?: string;
  readonly action?: string;
  /** ISO instants: `from` ≤ at < `to`. */
  readonly from?: string;
  readonly to?: string;
  /** Rows with a smaller id only (the next page after the last row read). */
  readonly beforeId?: number;
  readonly limit: number;
}

/** A failed login kept for the throttle (SPEC.md S6): in the database, so restarts and other processes see it. */
export interface LoginFailureQuery {
  readonly username?: string;
  readonly address?: string;
  readonly since: Date;
  readonly limit: number;
}

/**
 * Which records a pull may see (SPEC.md S2). A pull also returns records that left the area (`leftUnitId`,
 * `leftTeamId`); the caller delivers those as tombstones.
 */
export type AreaFilter =
  { readonly all: true } | { readonly unitIds: readonly string[] } | { readonly teamId: string };

/** A keyset position: the last `(version, id)` delivered. `{0, ''}` is the start. */
export interface Position {
  readonly version: number;
  readonly id: string;
}

export interface PullQuery {
  readonly clientId: string;
  readonly area: AreaFilter;
  readonly after: Position;
  readonly limit: number;
}

export interface PullPage {
  /** Records after `after` in `(version, id)` order, at most `limit`. */
  readonly rows: readonly StoredRecord[];
  readonly more: boolean;
  /** Rows after `after` in the area including this page, when counting was cheap (bounded count). */
  readonly remaining: number | undefined;
  /** The client row, read in the same snapshot as the page; null for a client that never pushed. */
  readonly client: ClientRow | null;
}

/** Everything one write transaction stores, written with as few statements as the dialect allows. */
export interface WriteBatch {
  /** Inserted or replaced whole (the caller merged them against the rows read in this transaction). */
  readonly records: readonly StoredRecord[];
  readonly mutations: readonly MutationRow[];
  readonly audit: readonly AuditEntry[];
  readonly client: ClientRow | null;
  /** The new value of the version counter: ≥ every version in `records`. */
  readonly version: number;
}

/**
 * The view of one write transaction. `store.write` opens it holding the version counter's lock, so writers are
 * serialised and every read here sees all earlier commits (SPEC.md P7).
 */
export interface WriteTx {
  /** The counter value when the transaction began: this transaction's versions are `version + 1 …`. */
  readonly version: number;
  /**
   * The org tree as of this transaction. An org change (`replaceOrg`) waits for the version counter's lock too,
   * so the tree a write checks scope and units against cannot change, or be half-replaced, before it commits.
   */
  org(): Promise<OrgTree>;
  client(clientId: string): Promise<ClientRow | null>;
  /** Mutation ids stored under the given seqs of one client (SPEC.md P3 replay check). */
  mutationIds(clientId: string, seqs: readonly number[]): Promise<Map<number, string>>;
  /** Current rows (tombstones included) of the given ids; missing ids are absent from the map. */
  records(ids: readonly string[]): Promise<Map<string, StoredRecord>>;
  /** Display names of the given users (unknown ids absent): conflict records name their writers (P10). */
  userNames(ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * Live conflict records with a resolution whose current version was written before `writtenBefore` by the
   * server's clock (the `at` of the mutation that wrote that version; never a device's `resolvedAt`, P9), lowest
   * version first, at most `limit`. A conflict whose current version no mutation wrote is never returned.
   */
  resolvedConflictsBefore(writtenBefore: Date, limit: number): Promise<StoredRecord[]>;
  /** Copies the rows, as given, into the archive (SPEC.md P15). Pulls never read it. */
  archive(rows: readonly StoredRecord[]): Promise<void>;
  /**
   * The records about these persons (visits, condolences, needs, need steps: `data.personId` one of them) and
   * the conflicts about the persons or those records (`data.recordId`), tombstones included: what moves with a
   * person (SPEC.md S9).
   */
  dependents(personIds: readonly string[]): Promise<StoredRecord[]>;
  /**
   * Live persons whose (normalised) `idNumber` is one of these, in any area: 一人一档 is checked over the whole
   * registry (SPEC.md P19), duplicates waiting to merge included.
   */
  personsByIdNumber(idNumbers: readonly string[]): Promise<StoredRecord[]>;
  /** Stores the batch. Call at most once; the commit happens when the `write` callback resolves. */
  save(batch: WriteBatch): Promise<void>;
}

export interface RecordScan {
  readonly kinds: readonly Kind[];
  /** Records whose `unitId` is one of these; null = every unit. */
  readonly unitIds: readonly string[] | null;
  /** Include tombstones (default false). */
  readonly includeDeleted?: boolean;
}

/** The records a summary over one period and one area may need (Store.scanReport). */
export interface ReportScan {
  /** Records whose `unitId` is one of these; null = every unit. */
  readonly unitIds: readonly string[] | null;
  /** The period, both ends included (`YYYY-MM-DD`). */
  readonly from: string;
  readonly to: string;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  // --- org tree ---
  /** The whole tree (with its 六必访 list when one was saved); empty lists before the first `replaceOrg`. Units in the order they were given. */
  getOrg(): Promise<OrgTree>;
  /**
   * Replaces units and teams atomically. The caller validated the tree (admin/org.ts). Takes the version
   * counter's lock like `write`, so no write transaction sees the tree change under it (WriteTx.org).
   */
  replaceOrg(tree: OrgTree): Promise<void>;

  // --- users and sessions ---
  /** Throws `ProtocolError('conflict')` when the username is taken. */
  createUser(user: UserRow): Promise<void>;
  /** Returns the updated row, or null for an unknown id. */
  updateUser(id: string, patch: UserPatch): Promise<UserRow | null>;
  getUser(id: string): Promise<UserRow | null>;
  getUserByUsername(username: string): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  /** Stores a session under the SHA-256 hash of its token (never the token itself, SPEC.md S5). */
  createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void>;
  /** The session's user and expiry, or null. Expired sessions may still be returned: the caller checks. */
  getSession(tokenHash: string): Promise<{ userId: string; expiresAt: Date } | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<void>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpiredSessions(now: Date): Promise<number>;
  /** The devices of each user and their wipe marks (SPEC.md D4). */
  readonly devices: DeviceStore;

  // --- sync ---
  /**
   * Runs `fn` in one write transaction holding the version counter's row lock until commit (SPEC.md P7).
   * Commits when `fn` resolves, rolls back when it throws (rethrowing). `fn` may be re-run on a transient
   * database error (deadlock, serialization failure), so it must not have effects outside `tx`.
   */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** One page of a pull, read in one snapshot (SPEC.md P6, P8; REPEATABLE READ on PostgreSQL). */
  pull(q: PullQuery): Promise<PullPage>;
  getClient(clientId: string): Promise<ClientRow | null>;
  getRecord(id: string): Promise<StoredRecord | null>;
  /** The archived copy of a record (SPEC.md P15), or null. */
  getArchivedRecord(id: string): Promise<ArchivedRecord | null>;
  /**
   * For reports and exports: every live record (or also tombstones) of the given kinds in the given units,
   * with version and deleted flag, in `(version, id)` order, read in one snapshot.
   */
  scanRecords(q: RecordScan): Promise<StoredRecord[]>;
  /**
   * For the summary: the report projections (reports/projection.ts) of the live records in the given units that
   * may count in the period — every record whose projection's date bounds overlap the period — as one JSON
   * array text per kind, each in `(version, id)` order, read in one snapshot. Kinds with no such record are
   * absent. A superset of what counts: `summarize` still decides.
   */
  scanReport(q: ReportScan): Promise<ReadonlyMap<Kind, string>>;
  /** Mutations that touched a record, oldest first: "who changed this person". */
  mutationsOf(recordId: string): Promise<MutationRow[]>;
  /** The current value of the version counter. */
  currentVersion(): Promise<number>;

  // --- login throttle (SPEC.md S6) ---
  recordLoginFailure(username: string, address: string, at: Date): Promise<void>;
  /** Times of failures matching the username and/or address at or after `since`, newest first, at most `limit`. */
  loginFailureTimes(q: LoginFailureQuery): Promise<Date[]>;
  /** A successful login forgets the account's failures; also drops every failure older than `before`. */
  clearLoginFailures(username: string, before: Date): Promise<void>;

  // --- audit (append-only: the tables refuse UPDATE and DELETE, SPEC.md S7) ---
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  listAudit(q: AuditQuery): Promise<AuditRow[]>;

  close(): Promise<void>;
}
