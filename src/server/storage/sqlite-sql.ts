import type Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import type { AreaFilter } from './store.ts';

/** SQL helpers of the SQLite store (sqlite-store.ts): the migration runner and the prepared statements. */
export type Raw = Record<string, unknown>;
export type Db = Database.Database;

export const RECORD_COLS =
  'id, kind, version, deleted, unit_id, street_id, team_id, data, stamps, left_unit_id, left_team_id';
export const AFTER = '(version > @v OR (version = @v AND id > @id))';

export function migrate(db: Db): void {
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

export function areaSql(area: AreaFilter): string {
  if ('all' in area) return '';
  if ('teamId' in area) return ' AND (team_id = @team OR left_team_id = @team)';
  return (
    ' AND (unit_id IN (SELECT value FROM json_each(@units))' +
    ' OR left_unit_id IN (SELECT value FROM json_each(@units))' +
    ' OR id IN (SELECT record_id FROM record_left_units WHERE unit_id IN (SELECT value FROM json_each(@units))))'
  );
}

export function areaParams(area: AreaFilter): Raw {
  if ('all' in area) return {};
  if ('teamId' in area) return { team: area.teamId };
  return { units: JSON.stringify(area.unitIds) };
}

/** Every fixed statement, prepared once per connection. */
export function prepareStatements(db: Db) {
  const p = (sql: string) => db.prepare(sql);
  return {
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
      `INSERT INTO records (${RECORD_COLS}, report, report_lo, report_hi) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ` +
        'ON CONFLICT (id) DO UPDATE SET report = excluded.report, report_lo = excluded.report_lo, report_hi = excluded.report_hi, ' +
        'kind = excluded.kind, version = excluded.version, deleted = excluded.deleted, unit_id = excluded.unit_id, ' +
        'street_id = excluded.street_id, team_id = excluded.team_id, data = excluded.data, stamps = excluded.stamps, ' +
        'left_unit_id = excluded.left_unit_id, left_team_id = excluded.left_team_id',
    ),
    insertLeftUnit: p('INSERT OR IGNORE INTO record_left_units (unit_id, record_id) VALUES (?, ?)'),
    dependents: p(
      `SELECT ${RECORD_COLS} FROM records WHERE kind IN ('visit', 'condolence', 'need', 'needStep') ` +
        "AND json_extract(data, '$.personId') IN (SELECT value FROM json_each(?))",
    ),
    personsByIdNumber: p(
      `SELECT ${RECORD_COLS} FROM records WHERE kind = 'person' AND deleted = 0 ` +
        "AND json_extract(data, '$.idNumber') IN (SELECT value FROM json_each(?))",
    ),
    conflictsOf: p(
      `SELECT ${RECORD_COLS} FROM records WHERE kind = 'conflict' ` +
        "AND json_extract(data, '$.recordId') IN (SELECT value FROM json_each(?))",
    ),
    insertAudit: p(
      'INSERT INTO audit_log (at, user_id, action, kind, record_id, detail, client_id, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    resolvedConflictsBefore: p(
      `SELECT ${RECORD_COLS} FROM records AS r WHERE r.kind = 'conflict' AND r.deleted = 0 ` +
        "AND json_extract(r.data, '$.resolution') IS NOT NULL " +
        'AND (SELECT max(m.at) FROM mutations AS m WHERE m.record_id = r.id AND m.version = r.version) < ? ' +
        'ORDER BY r.version LIMIT ?',
    ),
    insertArchived: p(
      `INSERT INTO archived_records (${RECORD_COLS}, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ` +
        'ON CONFLICT (id) DO NOTHING',
    ),
    archived: p(`SELECT ${RECORD_COLS}, archived_at FROM archived_records WHERE id = ?`),
    units: p('SELECT id, name, level, parent_id FROM org_units ORDER BY ord'),
    orgSettings: p('SELECT key, value FROM org_settings'),
    putOrgSetting: p(
      'INSERT INTO org_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteOrgSetting: p('DELETE FROM org_settings WHERE key = ?'),
    teams: p('SELECT id, name, unit_id FROM teams ORDER BY ord'),
    insertUser: p(
      'INSERT INTO users (id, username, display_name, role, unit_id, team_id, password_hash, disabled, created_at, must_change_password) ' +
        'VALUES (@id, @username, @displayName, @role, @unitId, @teamId, @passwordHash, @disabled, @createdAt, @mustChangePassword)',
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
    deleteExpiredSessions: p('DELETE FROM sessions WHERE expires_at < ?'),
  };
}
