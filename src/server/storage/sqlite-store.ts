import Database from 'better-sqlite3';
import type { Kind } from '../../model/kinds.ts';
import { reportProjection } from '../reports/projection.ts';
import { refreshProjections, reportScanParams, reportScanSql, toReportLists } from './sqlite-report.ts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OrgTree } from '../../model/org.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { DeviceStore } from './device-store.ts';
import { Lock } from './lock.ts';
import { sqliteDevices } from './sqlite-devices.ts';
import {
  REMAINING_COUNT_CAP,
  packStamps,
  USER_COLUMNS,
  text,
  textOrNull,
  toAudit,
  toMutation,
  toRecord,
  toUser,
  withSettings,
  ORG_SETTING,
} from './rows.ts';
import {
  AFTER,
  RECORD_COLS,
  areaParams,
  areaSql,
  migrate,
  prepareStatements,
  type Db,
  type Raw,
} from './sqlite-sql.ts';
import type {
  ArchivedRecord,
  AuditEntry,
  AuditQuery,
  AuditRow,
  LoginFailureQuery,
  ClientRow,
  MutationRow,
  PullPage,
  PullQuery,
  RecordScan,
  ReportScan,
  Store,
  StoredRecord,
  UserPatch,
  UserRow,
  WriteBatch,
  WriteTx,
} from './store.ts';

/** A record's columns as `records` and `archived_records` both begin (id … left_team_id), in that order. */
function recordValues(r: StoredRecord): (string | number | null)[] {
  return [
    r.id,
    r.kind,
    r.version,
    r.deleted ? 1 : 0,
    r.unitId,
    r.streetId,
    r.teamId,
    r.data === null ? null : JSON.stringify(r.data),
    JSON.stringify(packStamps(r.stamps)),
    r.leftUnitId ?? null,
    r.leftTeamId ?? null,
  ];
}

/**
 * Embedded SQLite (better-sqlite3, WAL). One connection, guarded by a FIFO lock (see lock.ts): better-sqlite3
 * is synchronous, so each operation runs to completion; only `write` callbacks await, and they hold the lock.
 * Other processes (the admin CLI) share the file through SQLite's own locking: BEGIN IMMEDIATE + busy_timeout.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite';
  private readonly lock = new Lock();
  private readonly stmts: ReturnType<typeof prepareStatements>;
  /** Statements built from a few query shapes (pull by area kind, scans): prepared once per shape. */
  private readonly cache = new Map<string, Database.Statement>();

  private prepared(sql: string): Database.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /** The devices of each user (SPEC.md D4). */
  readonly devices: DeviceStore;

  constructor(private readonly db: Db) {
    this.stmts = prepareStatements(db);
    this.devices = sqliteDevices(db, this.lock);
  }

  static open(path: string): SqliteStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    refreshProjections(db);
    return new SqliteStore(db);
  }

  // --- org ---
  getOrg(): Promise<OrgTree> {
    return this.lock.run(() => this.orgSync());
  }

  private orgSync(): OrgTree {
    const units = (this.stmts.units.all() as Raw[]).map((r) => ({
      id: text(r['id']),
      name: text(r['name']),
      level: r['level'] as 'district' | 'street' | 'community',
      parentId: textOrNull(r['parent_id']),
    }));
    const teams = (this.stmts.teams.all() as Raw[]).map((r) => ({
      id: text(r['id']),
      name: text(r['name']),
      unitId: text(r['unit_id']),
    }));
    return withSettings({ units, teams }, this.stmts.orgSettings.all() as Raw[]);
  }

  replaceOrg(tree: OrgTree): Promise<void> {
    return this.lock.run(() => {
      const insUnit = this.db.prepare(
        'INSERT INTO org_units (id, name, level, parent_id, ord) VALUES (?, ?, ?, ?, ?)',
      );
      const insTeam = this.db.prepare('INSERT INTO teams (id, name, unit_id, ord) VALUES (?, ?, ?, ?)');
      this.db
        .transaction(() => {
          this.db.exec('DELETE FROM org_units; DELETE FROM teams;');
          tree.units.forEach((u, i) => insUnit.run(u.id, u.name, u.level, u.parentId, i));
          tree.teams.forEach((t, i) => insTeam.run(t.id, t.name, t.unitId, i));
          this.stmts.deleteOrgSetting.run(ORG_SETTING.visitTriggers);
          if (tree.visitTriggers !== undefined) {
            this.stmts.putOrgSetting.run(ORG_SETTING.visitTriggers, JSON.stringify(tree.visitTriggers));
          }
          // Absent keeps the stored retention (model/org.ts).
          if (tree.conflictRetentionDays !== undefined) {
            this.stmts.putOrgSetting.run(
              ORG_SETTING.conflictRetentionDays,
              JSON.stringify(tree.conflictRetentionDays),
            );
          }
        })
        .immediate();
    });
  }

  // --- users and sessions ---
  createUser(user: UserRow): Promise<void> {
    return this.lock.run(() => {
      try {
        this.stmts.insertUser.run({
          ...user,
          disabled: user.disabled ? 1 : 0,
          mustChangePassword: user.mustChangePassword ? 1 : 0,
        });
      } catch (e) {
        if (e instanceof Database.SqliteError && e.code.startsWith('SQLITE_CONSTRAINT')) {
          throw new ProtocolError('conflict', `用户名 ${user.username} 已存在`, { username: user.username });
        }
        throw e;
      }
    });
  }

  updateUser(id: string, patch: UserPatch): Promise<UserRow | null> {
    return this.lock.run(() => {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [key, col] of Object.entries(USER_COLUMNS)) {
        const v = patch[key as keyof UserPatch];
        if (v === undefined) continue;
        sets.push(`${col} = ?`);
        values.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
      }
      if (sets.length > 0)
        this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      const row = this.stmts.userById.get(id) as Raw | undefined;
      return row ? toUser(row) : null;
    });
  }

  getUser(id: string): Promise<UserRow | null> {
    return this.lock.run(() => {
      const row = this.stmts.userById.get(id) as Raw | undefined;
      return row ? toUser(row) : null;
    });
  }

  getUserByUsername(username: string): Promise<UserRow | null> {
    return this.lock.run(() => {
      const row = this.stmts.userByName.get(username) as Raw | undefined;
      return row ? toUser(row) : null;
    });
  }

  listUsers(): Promise<UserRow[]> {
    return this.lock.run(() => (this.stmts.users.all() as Raw[]).map(toUser));
  }

  createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    return this.lock.run(() => {
      this.stmts.insertSession.run(tokenHash, userId, new Date().toISOString(), expiresAt.toISOString());
    });
  }

  getSession(tokenHash: string): Promise<{ userId: string; expiresAt: Date } | null> {
    return this.lock.run(() => {
      const row = this.stmts.session.get(tokenHash) as Raw | undefined;
      return row ? { userId: text(row['user_id']), expiresAt: new Date(text(row['expires_at'])) } : null;
    });
  }

  deleteSession(tokenHash: string): Promise<void> {
    return this.lock.run(() => {
      this.stmts.deleteSession.run(tokenHash);
    });
  }

  deleteExpiredSessions(now: Date): Promise<number> {
    // ISO-8601 UTC strings of one format compare like the instants they name.
    return this.lock.run(() => this.stmts.deleteExpiredSessions.run(now.toISOString()).changes);
  }

  deleteUserSessions(userId: string): Promise<void> {
    return this.lock.run(() => {
      this.stmts.deleteUserSessions.run(userId);
    });
  }

  // --- sync ---
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      // IMMEDIATE takes SQLite's write lock now: the counter read below is the P7 "lock the counter row".
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const version = Number((this.stmts.counter.get() as Raw)['v']);
        const result = await fn(this.writeTx(version));
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  private writeTx(version: number): WriteTx {
    const s = this.stmts;
    return {
      version,
      // The store's lock and BEGIN IMMEDIATE keep replaceOrg out until this transaction ends.
      org: () => Promise.resolve(this.orgSync()),
      client: (clientId) => Promise.resolve(this.clientSync(clientId)),
      mutationIds: (clientId, seqs) => {
        const rows = s.mutationIds.all(clientId, JSON.stringify(seqs)) as Raw[];
        return Promise.resolve(new Map(rows.map((r) => [Number(r['seq']), text(r['mutation_id'])])));
      },
      records: (ids) => {
        const rows = s.records.all(JSON.stringify(ids)) as Raw[];
        return Promise.resolve(new Map(rows.map((r) => [text(r['id']), toRecord(r)])));
      },
      userNames: (ids) => {
        const users = ids.map((id) => s.userById.get(id) as Raw | undefined).filter((r) => r !== undefined);
        return Promise.resolve(new Map(users.map((r) => [text(r['id']), text(r['display_name'])])));
      },
      resolvedConflictsBefore: (writtenBefore, limit) => {
        const rows = s.resolvedConflictsBefore.all(writtenBefore.toISOString(), limit) as Raw[];
        return Promise.resolve(rows.map(toRecord));
      },
      archive: (rows) => {
        const at = new Date().toISOString();
        for (const r of rows) {
          s.insertArchived.run(...recordValues(r), at);
        }
        return Promise.resolve();
      },
      dependents: (personIds) => {
        const about = (s.dependents.all(JSON.stringify(personIds)) as Raw[]).map(toRecord);
        const ids = [...personIds, ...about.map((r) => r.id)];
        const conflicts = (s.conflictsOf.all(JSON.stringify(ids)) as Raw[]).map(toRecord);
        return Promise.resolve([...about, ...conflicts]);
      },
      personsByIdNumber: (idNumbers) =>
        Promise.resolve((s.personsByIdNumber.all(JSON.stringify(idNumbers)) as Raw[]).map(toRecord)),
      save: (batch) => {
        this.saveSync(batch);
        return Promise.resolve();
      },
    };
  }

  private clientSync(clientId: string): ClientRow | null {
    const row = this.stmts.client.get(clientId) as Raw | undefined;
    return row
      ? {
          clientId: text(row['client_id']),
          userId: text(row['user_id']),
          lastSeq: Number(row['last_seq']),
        }
      : null;
  }

  private saveSync(batch: WriteBatch): void {
    const s = this.stmts;
    const at = new Date().toISOString();
    for (const r of batch.records) {
      const report = reportProjection(r.kind, r.deleted ? null : r.data);
      s.upsertRecord.run(...recordValues(r), report?.json ?? null, report?.lo ?? null, report?.hi ?? null);
      if (r.leftUnitId) s.insertLeftUnit.run(r.leftUnitId, r.id);
    }
    for (const m of batch.mutations) {
      s.insertMutation.run(
        m.clientId,
        m.seq,
        m.mutationId,
        m.userId,
        m.kind,
        m.recordId,
        m.op,
        m.version,
        at,
      );
    }
    this.auditSync(batch.audit, at);
    if (batch.client) s.upsertClient.run(batch.client.clientId, batch.client.userId, batch.client.lastSeq);
    s.setCounter.run(batch.version);
  }

  private auditSync(entries: readonly AuditEntry[], at: string): void {
    for (const a of entries) {
      this.stmts.insertAudit.run(
        at,
        a.userId,
        a.action,
        a.kind,
        a.recordId,
        a.detail === undefined ? null : JSON.stringify(a.detail),
        a.clientId ?? null,
        a.address ?? null,
      );
    }
  }

  pull(q: PullQuery): Promise<PullPage> {
    return this.lock.run(() =>
      // One deferred read transaction: SQLite reads inside it see one snapshot (SPEC.md P8).
      this.db.transaction((): PullPage => {
        const where = `${AFTER}${areaSql(q.area)}`;
        const params = { v: q.after.version, id: q.after.id, ...areaParams(q.area) };
        const rows = this.prepared(
          `SELECT ${RECORD_COLS} FROM records WHERE ${where} ORDER BY version, id LIMIT @limit`,
        ).all({ ...params, limit: q.limit + 1 }) as Raw[];
        const more = rows.length > q.limit;
        const page = (more ? rows.slice(0, q.limit) : rows).map(toRecord);
        const counted = this.prepared(
          `SELECT count(*) AS n FROM (SELECT 1 FROM records WHERE ${where} LIMIT @cap)`,
        ).get({ ...params, cap: REMAINING_COUNT_CAP }) as Raw;
        const n = Number(counted['n']);
        return {
          rows: page,
          more,
          remaining: n < REMAINING_COUNT_CAP ? n : undefined,
          client: this.clientSync(q.clientId),
        };
      })(),
    );
  }

  getClient(clientId: string): Promise<ClientRow | null> {
    return this.lock.run(() => this.clientSync(clientId));
  }

  getRecord(id: string): Promise<StoredRecord | null> {
    return this.lock.run(() => {
      const row = this.stmts.record.get(id) as Raw | undefined;
      return row ? toRecord(row) : null;
    });
  }

  getArchivedRecord(id: string): Promise<ArchivedRecord | null> {
    return this.lock.run(() => {
      const row = this.stmts.archived.get(id) as Raw | undefined;
      return row ? { ...toRecord(row), archivedAt: text(row['archived_at']) } : null;
    });
  }

  scanRecords(q: RecordScan): Promise<StoredRecord[]> {
    return this.lock.run(() => {
      let sql = `SELECT ${RECORD_COLS} FROM records WHERE kind IN (SELECT value FROM json_each(@kinds))`;
      if (q.unitIds !== null) sql += ' AND unit_id IN (SELECT value FROM json_each(@units))';
      if (q.includeDeleted !== true) sql += ' AND deleted = 0';
      const rows = this.prepared(`${sql} ORDER BY version, id`).all({
        kinds: JSON.stringify(q.kinds),
        units: JSON.stringify(q.unitIds ?? []),
      }) as Raw[];
      return rows.map(toRecord);
    });
  }

  scanReport(q: ReportScan): Promise<ReadonlyMap<Kind, string>> {
    return this.lock.run(() =>
      toReportLists(this.prepared(reportScanSql(q.unitIds)).all(reportScanParams(q)) as Raw[]),
    );
  }

  mutationsOf(recordId: string): Promise<MutationRow[]> {
    return this.lock.run(() => (this.stmts.mutationsOf.all(recordId) as Raw[]).map(toMutation));
  }

  currentVersion(): Promise<number> {
    return this.lock.run(() => Number((this.stmts.counter.get() as Raw)['v']));
  }

  appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    return this.lock.run(() => {
      this.db.transaction(() => this.auditSync(entries, new Date().toISOString()))();
    });
  }

  listAudit(q: AuditQuery): Promise<AuditRow[]> {
    return this.lock.run(() => {
      let sql = 'SELECT * FROM audit_log WHERE 1 = 1';
      if (q.userId !== undefined) sql += ' AND user_id = @userId';
      if (q.recordId !== undefined) sql += ' AND record_id = @recordId';
      if (q.personId !== undefined) {
        sql +=
          " AND (record_id = @personId OR (json_type(detail, '$.ids') = 'array' AND" +
          " EXISTS (SELECT 1 FROM json_each(detail, '$.ids') WHERE value = @personId)))";
      }
      if (q.action !== undefined) sql += ' AND action = @action';
      // ISO-8601 UTC strings of one format compare like the instants they name.
      if (q.from !== undefined) sql += ' AND at >= @from';
      if (q.to !== undefined) sql += ' AND at < @to';
      if (q.beforeId !== undefined) sql += ' AND id < @beforeId';
      const rows = this.prepared(`${sql} ORDER BY id DESC LIMIT @limit`).all({
        userId: q.userId ?? null,
        recordId: q.recordId ?? null,
        personId: q.personId ?? null,
        action: q.action ?? null,
        from: q.from === undefined ? null : new Date(q.from).toISOString(),
        to: q.to === undefined ? null : new Date(q.to).toISOString(),
        beforeId: q.beforeId ?? null,
        limit: q.limit,
      }) as Raw[];
      return rows.map(toAudit);
    });
  }

  recordLoginFailure(username: string, address: string, at: Date): Promise<void> {
    return this.lock.run(() => {
      this.prepared('INSERT INTO login_failures (at, username, address) VALUES (?, ?, ?)').run(
        at.toISOString(),
        username,
        address,
      );
    });
  }

  loginFailureTimes(q: LoginFailureQuery): Promise<Date[]> {
    return this.lock.run(() => {
      let sql = 'SELECT at FROM login_failures WHERE at >= @since';
      if (q.username !== undefined) sql += ' AND username = @username';
      if (q.address !== undefined) sql += ' AND address = @address';
      const rows = this.prepared(`${sql} ORDER BY at DESC LIMIT @limit`).all({
        since: q.since.toISOString(),
        username: q.username ?? null,
        address: q.address ?? null,
        limit: q.limit,
      }) as Raw[];
      return rows.map((r) => new Date(text(r['at'])));
    });
  }

  clearLoginFailures(username: string, before: Date): Promise<void> {
    return this.lock.run(() => {
      this.prepared('DELETE FROM login_failures WHERE username = ? OR at < ?').run(
        username,
        before.toISOString(),
      );
    });
  }

  close(): Promise<void> {
    return this.lock.run(() => {
      this.db.close();
    });
  }
}
