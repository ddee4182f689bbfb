import { Client, Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Kind } from '../../model/kinds.ts';
import type { OrgTree } from '../../model/org.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import {
  RECORD_COLS,
  areaClause,
  clientOf,
  insertAudit,
  migrate,
  pgCode,
  rowsOf,
  saveBatch,
  type Queryable,
  type Raw,
} from './pg-sql.ts';
import { refreshProjections, scanReportLists } from './pg-report.ts';
import type { DeviceStore } from './device-store.ts';
import { pgDevices } from './pg-devices.ts';
import {
  REMAINING_COUNT_CAP,
  USER_COLUMNS,
  text,
  toAudit,
  toMutation,
  toRecord,
  toUser,
  withSettings,
  ORG_SETTING,
  packStamps,
} from './rows.ts';
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
  WriteTx,
} from './store.ts';

/** Deadlock and serialization failures: the whole write callback is re-run (the Store.write contract). */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 3;

export interface PgStoreOptions {
  /** Use (and create) this schema instead of `public`: tests run in their own random schema. */
  readonly schema?: string;
  readonly max?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * PostgreSQL through a `pg` pool. Stateless: several server processes may share the database. Writers are
 * serialised by the version counter's row lock (SPEC.md P7); pulls read in REPEATABLE READ snapshots (P8).
 */
export class PgStore implements Store {
  readonly dialect = 'postgres';

  /** The devices of each user (SPEC.md D4). */
  readonly devices: DeviceStore;

  private constructor(private readonly pool: Pool) {
    this.devices = pgDevices(pool);
  }

  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const config: PoolConfig = { connectionString: url, max: opts.max ?? 10 };
    if (opts.schema !== undefined) {
      if (!SCHEMA_RE.test(opts.schema)) throw new Error(`bad schema name ${opts.schema}`);
      const setup = new Client({ connectionString: url });
      await setup.connect();
      try {
        // IF NOT EXISTS still races with a concurrent creator (unique violation on the catalog): that one won.
        await setup.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`).catch((e: unknown) => {
          if (pgCode(e) !== '23505' && pgCode(e) !== '42P06') throw e;
        });
      } finally {
        await setup.end();
      }
      config.options = `-c search_path=${opts.schema}`;
    }
    const pool = new Pool(config);
    // An idle client's error (e.g. the server restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    await migrate(pool);
    await refreshProjections(pool);
    return new PgStore(pool);
  }

  private rows(q: Queryable, sql: string, params: unknown[] = []): Promise<Raw[]> {
    return rowsOf(q, sql, params);
  }

  // --- org ---
  getOrg(): Promise<OrgTree> {
    return this.orgOf(this.pool);
  }

  /**
   * Important: ONE statement, so one snapshot even in READ COMMITTED: a replaceOrg committing meanwhile is seen
   * whole or not at all (three SELECTs could mix the old units with the new teams).
   */
  private async orgOf(q: Queryable): Promise<OrgTree> {
    const [row] = await this.rows(
      q,
      'SELECT ' +
        "(SELECT coalesce(json_agg(json_build_array(id, name, level, parent_id) ORDER BY ord), '[]') FROM org_units) AS units, " +
        "(SELECT coalesce(json_agg(json_build_array(id, name, unit_id) ORDER BY ord), '[]') FROM teams) AS teams, " +
        "(SELECT coalesce(json_agg(json_build_object('key', key, 'value', value)), '[]') FROM org_settings) AS settings",
    );
    const units = (row?.['units'] ?? []) as [string, string, string, string | null][];
    const teams = (row?.['teams'] ?? []) as [string, string, string][];
    return withSettings(
      {
        units: units.map(([id, name, level, parentId]) => ({
          id,
          name,
          level: level as 'district' | 'street' | 'community',
          parentId,
        })),
        teams: teams.map(([id, name, unitId]) => ({ id, name, unitId })),
      },
      (row?.['settings'] ?? []) as Raw[],
    );
  }

  async replaceOrg(tree: OrgTree): Promise<void> {
    await this.inTx('BEGIN', async (c) => {
      // Two replacements at once (two servers seeding a fresh database) run one after the other.
      await c.query("SELECT pg_advisory_xact_lock(hashtext('zoufang_org'))");
      // Important: also the counter's row lock, after the advisory one (writers take only this one): a write
      // transaction reads the tree while holding it (WriteTx.org), so the tree cannot change under a write.
      await c.query('SELECT v FROM version_counter WHERE id = 1 FOR UPDATE');
      await c.query('DELETE FROM org_units');
      await c.query('DELETE FROM teams');
      const u = tree.units;
      await c.query(
        'INSERT INTO org_units (id, name, level, parent_id, ord) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])',
        [
          u.map((x) => x.id),
          u.map((x) => x.name),
          u.map((x) => x.level),
          u.map((x) => x.parentId),
          u.map((_, i) => i),
        ],
      );
      const t = tree.teams;
      await c.query(
        'INSERT INTO teams (id, name, unit_id, ord) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])',
        [t.map((x) => x.id), t.map((x) => x.name), t.map((x) => x.unitId), t.map((_, i) => i)],
      );
      const put = (key: string, value: unknown) =>
        c.query(
          'INSERT INTO org_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          [key, JSON.stringify(value)],
        );
      await c.query('DELETE FROM org_settings WHERE key = $1', [ORG_SETTING.visitTriggers]);
      if (tree.visitTriggers !== undefined) await put(ORG_SETTING.visitTriggers, tree.visitTriggers);
      // Absent keeps the stored retention (model/org.ts).
      if (tree.conflictRetentionDays !== undefined) {
        await put(ORG_SETTING.conflictRetentionDays, tree.conflictRetentionDays);
      }
    });
  }

  // --- users and sessions ---
  async createUser(user: UserRow): Promise<void> {
    try {
      await this.pool.query(
        'INSERT INTO users (id, username, display_name, role, unit_id, team_id, password_hash, disabled, created_at, ' +
          'must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [
          user.id,
          user.username,
          user.displayName,
          user.role,
          user.unitId,
          user.teamId,
          user.passwordHash,
          user.disabled,
          user.createdAt,
          user.mustChangePassword,
        ],
      );
    } catch (e) {
      if (pgCode(e) === '23505') {
        throw new ProtocolError('conflict', `用户名 ${user.username} 已存在`, { username: user.username });
      }
      throw e;
    }
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRow | null> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, col] of Object.entries(USER_COLUMNS)) {
      const v = patch[key as keyof UserPatch];
      if (v === undefined) continue;
      values.push(v);
      sets.push(`${col} = $${values.length}`);
    }
    if (sets.length > 0) {
      values.push(id);
      await this.pool.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $${values.length}`, values);
    }
    return this.getUser(id);
  }

  async getUser(id: string): Promise<UserRow | null> {
    const [row] = await this.rows(this.pool, 'SELECT * FROM users WHERE id = $1', [id]);
    return row ? toUser(row) : null;
  }

  async getUserByUsername(username: string): Promise<UserRow | null> {
    const [row] = await this.rows(this.pool, 'SELECT * FROM users WHERE username = $1', [username]);
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRow[]> {
    return (await this.rows(this.pool, 'SELECT * FROM users ORDER BY username')).map(toUser);
  }

  async createSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.pool.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
      tokenHash,
      userId,
      expiresAt,
    ]);
  }

  async getSession(tokenHash: string): Promise<{ userId: string; expiresAt: Date } | null> {
    const [row] = await this.rows(
      this.pool,
      'SELECT user_id, expires_at FROM sessions WHERE token_hash = $1',
      [tokenHash],
    );
    return row ? { userId: text(row['user_id']), expiresAt: new Date(row['expires_at'] as Date) } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [now])).rowCount ?? 0;
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  // --- sync ---
  private async inTx<T>(begin: string, fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query(begin);
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inTx('BEGIN', async (c) => {
          // Important: taken first and held until commit. Every writer waits here, so versions become visible in
          // the order they were assigned (SPEC.md P7), and the reads below see every earlier commit.
          const [row] = await this.rows(c, 'SELECT v FROM version_counter WHERE id = 1 FOR UPDATE');
          return fn(this.writeTx(c, Number(row?.['v'])));
        });
      } catch (e) {
        const code = pgCode(e);
        if (code === undefined || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private writeTx(c: PoolClient, version: number): WriteTx {
    return {
      version,
      // READ COMMITTED, but replaceOrg needs the counter row this transaction holds: no commit in between.
      org: () => this.orgOf(c),
      client: (clientId) => clientOf(c, clientId),
      userNames: async (ids) => {
        const rows = await this.rows(c, 'SELECT id, display_name FROM users WHERE id = ANY($1::text[])', [
          ids,
        ]);
        return new Map(rows.map((r) => [text(r['id']), text(r['display_name'])]));
      },
      mutationIds: async (clientId, seqs) => {
        const rows = await this.rows(
          c,
          'SELECT seq, mutation_id FROM mutations WHERE client_id = $1 AND seq = ANY($2::int8[])',
          [clientId, seqs],
        );
        return new Map(rows.map((r) => [Number(r['seq']), text(r['mutation_id'])]));
      },
      records: async (ids) => {
        const rows = await this.rows(c, `SELECT ${RECORD_COLS} FROM records WHERE id = ANY($1::text[])`, [
          ids,
        ]);
        return new Map(rows.map((r) => [text(r['id']), toRecord(r)]));
      },
      resolvedConflictsBefore: async (writtenBefore, limit) => {
        const rows = await this.rows(
          c,
          `SELECT ${RECORD_COLS} FROM records AS r WHERE r.kind = 'conflict' AND NOT r.deleted ` +
            "AND r.data->>'resolution' IS NOT NULL " +
            'AND (SELECT max(m.at) FROM mutations AS m WHERE m.record_id = r.id AND m.version = r.version) < $1 ' +
            'ORDER BY r.version LIMIT $2',
          [writtenBefore, limit],
        );
        return rows.map(toRecord);
      },
      archive: async (rows) => {
        if (rows.length === 0) return;
        // One JSON document, as saveBatch does for records.
        const doc = rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          version: r.version,
          deleted: r.deleted,
          unit_id: r.unitId,
          street_id: r.streetId,
          team_id: r.teamId,
          data: r.data,
          stamps: packStamps(r.stamps),
          left_unit_id: r.leftUnitId ?? null,
          left_team_id: r.leftTeamId ?? null,
        }));
        await c.query(
          `INSERT INTO archived_records (${RECORD_COLS}) SELECT ${RECORD_COLS} FROM jsonb_to_recordset($1::jsonb) ` +
            'AS x(id text, kind text, version int8, deleted boolean, unit_id text, street_id text, team_id text, ' +
            'data jsonb, stamps jsonb, left_unit_id text, left_team_id text) ON CONFLICT (id) DO NOTHING',
          [JSON.stringify(doc)],
        );
      },
      dependents: async (personIds) => {
        const about = (
          await this.rows(
            c,
            `SELECT ${RECORD_COLS} FROM records WHERE kind IN ('visit', 'condolence', 'need', 'needStep') ` +
              "AND data->>'personId' = ANY($1::text[])",
            [personIds],
          )
        ).map(toRecord);
        const ids = [...personIds, ...about.map((r) => r.id)];
        const conflicts = (
          await this.rows(
            c,
            `SELECT ${RECORD_COLS} FROM records WHERE kind = 'conflict' AND data->>'recordId' = ANY($1::text[])`,
            [ids],
          )
        ).map(toRecord);
        return [...about, ...conflicts];
      },
      personsByIdNumber: async (idNumbers) =>
        (
          await this.rows(
            c,
            `SELECT ${RECORD_COLS} FROM records WHERE kind = 'person' AND NOT deleted ` +
              "AND data->>'idNumber' = ANY($1::text[])",
            [idNumbers],
          )
        ).map(toRecord),
      save: (batch) => saveBatch(c, batch),
    };
  }

  pull(q: PullQuery): Promise<PullPage> {
    // REPEATABLE READ: the page, the count and the client row come from one snapshot (SPEC.md P8).
    return this.inTx('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const params: unknown[] = [q.after.version, q.after.id];
      const where = `(version > $1 OR (version = $1 AND id > $2))${areaClause(q.area, params)}`;
      const rows = await this.rows(
        c,
        `SELECT ${RECORD_COLS} FROM records WHERE ${where} ORDER BY version, id LIMIT $${params.length + 1}`,
        [...params, q.limit + 1],
      );
      const more = rows.length > q.limit;
      const [counted] = await this.rows(
        c,
        `SELECT count(*) AS n FROM (SELECT 1 FROM records WHERE ${where} LIMIT $${params.length + 1}) AS t`,
        [...params, REMAINING_COUNT_CAP],
      );
      const n = Number(counted?.['n']);
      return {
        rows: (more ? rows.slice(0, q.limit) : rows).map(toRecord),
        more,
        remaining: n < REMAINING_COUNT_CAP ? n : undefined,
        client: await clientOf(c, q.clientId),
      };
    });
  }

  getClient(clientId: string): Promise<ClientRow | null> {
    return clientOf(this.pool, clientId);
  }

  async getRecord(id: string): Promise<StoredRecord | null> {
    const [row] = await this.rows(this.pool, `SELECT ${RECORD_COLS} FROM records WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async getArchivedRecord(id: string): Promise<ArchivedRecord | null> {
    const [row] = await this.rows(
      this.pool,
      `SELECT ${RECORD_COLS}, archived_at FROM archived_records WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    const at = row['archived_at'];
    return { ...toRecord(row), archivedAt: at instanceof Date ? at.toISOString() : text(at) };
  }

  scanRecords(q: RecordScan): Promise<StoredRecord[]> {
    return this.inTx('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const params: unknown[] = [q.kinds];
      let sql = `SELECT ${RECORD_COLS} FROM records WHERE kind = ANY($1::text[])`;
      if (q.unitIds !== null) {
        params.push(q.unitIds);
        sql += ` AND unit_id = ANY($2::text[])`;
      }
      if (q.includeDeleted !== true) sql += ' AND NOT deleted';
      return (await this.rows(c, `${sql} ORDER BY version, id`, params)).map(toRecord);
    });
  }

  scanReport(q: ReportScan): Promise<ReadonlyMap<Kind, string>> {
    return this.inTx('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (c) => scanReportLists(c, q));
  }

  async mutationsOf(recordId: string): Promise<MutationRow[]> {
    const rows = await this.rows(
      this.pool,
      'SELECT * FROM mutations WHERE record_id = $1 ORDER BY version, client_id, seq',
      [recordId],
    );
    return rows.map(toMutation);
  }

  async currentVersion(): Promise<number> {
    const [row] = await this.rows(this.pool, 'SELECT v FROM version_counter WHERE id = 1');
    return Number(row?.['v']);
  }

  appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    return insertAudit(this.pool, entries);
  }

  async listAudit(q: AuditQuery): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    let sql = 'SELECT * FROM audit_log WHERE true';
    if (q.userId !== undefined) sql += ` AND user_id = ${p(q.userId)}`;
    if (q.recordId !== undefined) sql += ` AND record_id = ${p(q.recordId)}`;
    if (q.personId !== undefined) {
      const id = p(q.personId);
      sql += ` AND (record_id = ${id} OR (jsonb_typeof(detail->'ids') = 'array' AND detail->'ids' ? ${id}))`;
    }
    if (q.action !== undefined) sql += ` AND action = ${p(q.action)}`;
    if (q.from !== undefined) sql += ` AND at >= ${p(q.from)}::timestamptz`;
    if (q.to !== undefined) sql += ` AND at < ${p(q.to)}::timestamptz`;
    if (q.beforeId !== undefined) sql += ` AND id < ${p(q.beforeId)}`;
    sql += ` ORDER BY id DESC LIMIT ${p(q.limit)}`;
    return (await this.rows(this.pool, sql, params)).map(toAudit);
  }

  async recordLoginFailure(username: string, address: string, at: Date): Promise<void> {
    await this.pool.query('INSERT INTO login_failures (at, username, address) VALUES ($1, $2, $3)', [
      at,
      username,
      address,
    ]);
  }

  async loginFailureTimes(q: LoginFailureQuery): Promise<Date[]> {
    const params: unknown[] = [q.since];
    let sql = 'SELECT at FROM login_failures WHERE at >= $1';
    if (q.username !== undefined) {
      params.push(q.username);
      sql += ` AND username = $${params.length}`;
    }
    if (q.address !== undefined) {
      params.push(q.address);
      sql += ` AND address = $${params.length}`;
    }
    params.push(q.limit);
    const rows = await this.rows(this.pool, `${sql} ORDER BY at DESC LIMIT $${params.length}`, params);
    return rows.map((r) => (r['at'] instanceof Date ? r['at'] : new Date(text(r['at']))));
  }

  async clearLoginFailures(username: string, before: Date): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE username = $1 OR at < $2', [username, before]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
