import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OrgTree } from '../../model/org.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { Lock } from './lock.ts';
import {
  REMAINING_COUNT_CAP,
  USER_COLUMNS,
  text,
  textOrNull,
  toAudit,
  toMutation,
  toRecord,
  toUser,
} from './rows.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import type {
  AreaFilter,
  AuditEntry,
  AuditRow,
  ClientRow,
  MutationRow,
  PullPage,
  PullQuery,
  RecordScan,
  Store,
  StoredRecord,
  UserPatch,
  UserRow,
  WriteBatch,
  WriteTx,
} from './store.ts';

type Raw = Record<string, unknown>;
type Db = Database.Database;

const RECORD_COLS =
  'id, kind, version, deleted, unit_id, street_id, team_id, data, stamps, left_unit_id, left_team_id';
const AFTER = '(version > @v OR (version = @v AND id > @id))';

function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Raw[]).map((r) => Number(r['version'])),
  );
  SQLITE_MIGRATIONS.forEach((sql, i) => {
    if (done.has(i + 1)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        i + 1,
        new Date().toISOString(),
      );
    }).immediate();
  });
}

function areaSql(area: AreaFilter): string {
  if ('all' in area) return '';
  if ('teamId' in area) return ' AND (team_id = @team OR left_team_id = @team)';
  return (
    ' AND (unit_id IN (SELECT value FROM json_each(@units))' +
    ' OR left_unit_id IN (SELECT value FROM json_each(@units)))'
  );
}

function areaParams(area: AreaFilter): Raw {
  if ('all' in area) return {};
  if ('teamId' in area) return { team: area.teamId };
  return { units: JSON.stringify(area.unitIds) };
}

/**
 * Embedded SQLite (better-sqlite3, WAL). One connection, guarded by a FIFO lock (see lock.ts): better-sqlite3
 * is synchronous, so each operation runs to completion; only `write` callbacks await, and they hold the lock.
 * Other processes (the admin CLI) share the file through SQLite's own locking: BEGIN IMMEDIATE + busy_timeout.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite';
  private readonly lock = new Lock();
  private readonly stmts;
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

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.stmts = {
      counter: p('SELECT v FROM version_counter WHERE id = 1'),
      setCounter: p('UPDATE version_counter SET v = ? WHERE id = 1'),
      client: p('SELECT client_id, user_id, last_seq FROM clients WHERE client_id = ?'),
      upsertClient: p(
        'INSERT INTO clients (client_id, user_id, last_seq) VALUES (?, ?, ?) ' +
          'ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq',
      ),
      mutationIds: p(
        'SELECT seq, mutation_id FROM mutations WHERE client_id = ? AND seq IN (SELECT value FROM json_each(?))',
      ),
      insertMutation: p(
        'INSERT INTO mutations (client_id, seq, mutation_id, user_id, kind, record_id, op, version, at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      mutationsOf: p('SELECT * FROM mutations WHERE record_id = ? ORDER BY version, client_id, seq'),
      records: p(`SELECT ${RECORD_COLS} FROM records WHERE id IN (SELECT value FROM json_each(?))`),
      record: p(`SELECT ${RECORD_COLS} FROM records WHERE id = ?`),
      upsertRecord: p(
        `INSERT INTO records (${RECORD_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET ` +
          'kind = excluded.kind, version = excluded.version, deleted = excluded.deleted, unit_id = excluded.unit_id, ' +
          'street_id = excluded.street_id, team_id = excluded.team_id, data = excluded.data, stamps = excluded.stamps, ' +
          'left_unit_id = excluded.left_unit_id, left_team_id = excluded.left_team_id',
      ),
      insertAudit: p(
        'INSERT INTO audit_log (at, user_id, action, kind, record_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      units: p('SELECT id, name, level, parent_id FROM org_units ORDER BY ord'),
      teams: p('SELECT id, name, unit_id FROM teams ORDER BY ord'),
      insertUser: p(
        'INSERT INTO users (id, username, display_name, role, unit_id, team_id, password_hash, disabled, created_at) ' +
          'VALUES (@id, @username, @displayName, @role, @unitId, @teamId, @passwordHash, @disabled, @createdAt)',
      ),
      userById: p('SELECT * FROM users WHERE id = ?'),
      userByName: p('SELECT * FROM users WHERE username = ?'),
      users: p('SELECT * FROM users ORDER BY username'),
      insertSession: p(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      session: p('SELECT user_id, expires_at FROM sessions WHERE token_hash = ?'),
      deleteSession: p('DELETE FROM sessions WHERE token_hash = ?'),
      deleteUserSessions: p('DELETE FROM sessions WHERE user_id = ?'),
    };
  }

  static open(path: string): SqliteStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new SqliteStore(db);
  }

  // --- org ---
  getOrg(): Promise<OrgTree> {
    return this.lock.run(() => {
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
      return { units, teams };
    });
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
        })
        .immediate();
    });
  }

  // --- users and sessions ---
  createUser(user: UserRow): Promise<void> {
    return this.lock.run(() => {
      try {
        this.stmts.insertUser.run({ ...user, disabled: user.disabled ? 1 : 0 });
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
      client: (clientId) => Promise.resolve(this.clientSync(clientId)),
      mutationIds: (clientId, seqs) => {
        const rows = s.mutationIds.all(clientId, JSON.stringify(seqs)) as Raw[];
        return Promise.resolve(new Map(rows.map((r) => [Number(r['seq']), text(r['mutation_id'])])));
      },
      records: (ids) => {
        const rows = s.records.all(JSON.stringify(ids)) as Raw[];
        return Promise.resolve(new Map(rows.map((r) => [text(r['id']), toRecord(r)])));
      },
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
      s.upsertRecord.run(
        r.id,
        r.kind,
        r.version,
        r.deleted ? 1 : 0,
        r.unitId,
        r.streetId,
        r.teamId,
        r.data === null ? null : JSON.stringify(r.data),
        JSON.stringify(r.stamps),
        r.leftUnitId ?? null,
        r.leftTeamId ?? null,
      );
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

  listAudit(q: { userId?: string; recordId?: string; limit: number }): Promise<AuditRow[]> {
    return this.lock.run(() => {
      let sql = 'SELECT * FROM audit_log WHERE 1 = 1';
      if (q.userId !== undefined) sql += ' AND user_id = @userId';
      if (q.recordId !== undefined) sql += ' AND record_id = @recordId';
      const rows = this.prepared(`${sql} ORDER BY id DESC LIMIT @limit`).all({
        userId: q.userId ?? null,
        recordId: q.recordId ?? null,
        limit: q.limit,
      }) as Raw[];
      return rows.map(toAudit);
    });
  }

  close(): Promise<void> {
    return this.lock.run(() => {
      this.db.close();
    });
  }
}
