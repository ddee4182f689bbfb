/**
 * SQLite schema, one entry per migration, applied in order on open (storage/sqlite-store.ts). Never edit an
 * entry that shipped: append a new one. Kept in step with pg-migrations.ts (same tables, same meaning).
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE org_units (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_id TEXT, ord INTEGER NOT NULL
  );
  CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL, ord INTEGER NOT NULL);
  CREATE TABLE users (
    id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
    unit_id TEXT NOT NULL, team_id TEXT, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions (user_id);
  CREATE TABLE clients (client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, last_seq INTEGER NOT NULL);
  CREATE TABLE mutations (
    client_id TEXT NOT NULL, seq INTEGER NOT NULL, mutation_id TEXT NOT NULL, user_id TEXT NOT NULL,
    kind TEXT NOT NULL, record_id TEXT NOT NULL, op TEXT NOT NULL, version INTEGER NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (client_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX mutations_record ON mutations (record_id);
  CREATE TABLE records (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, version INTEGER NOT NULL, deleted INTEGER NOT NULL,
    unit_id TEXT NOT NULL, street_id TEXT, team_id TEXT, data TEXT, stamps TEXT NOT NULL
  );
  CREATE UNIQUE INDEX records_version ON records (version, id);
  CREATE INDEX records_unit ON records (unit_id, version);
  CREATE INDEX records_team ON records (team_id, version) WHERE team_id IS NOT NULL;
  CREATE INDEX records_kind_unit ON records (kind, unit_id);
  CREATE TABLE version_counter (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL);
  INSERT INTO version_counter (id, v) VALUES (1, 0);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_id TEXT, action TEXT NOT NULL, kind TEXT,
    record_id TEXT, detail TEXT
  );
  CREATE INDEX audit_user ON audit_log (user_id, id);
  CREATE INDEX audit_record ON audit_log (record_id, id);
  `,
  // 2: where a record moved away from, so the old area's devices are told to drop it (SPEC.md S2).
  `
  ALTER TABLE records ADD COLUMN left_unit_id TEXT;
  ALTER TABLE records ADD COLUMN left_team_id TEXT;
  CREATE INDEX records_left_unit ON records (left_unit_id, version) WHERE left_unit_id IS NOT NULL;
  CREATE INDEX records_left_team ON records (left_team_id, version) WHERE left_team_id IS NOT NULL;
  `,
  // 3: the report projection of each record (reports/projection.ts), written with the record; filled in for
  // existing rows on open, when `report_projection.v` differs from the code's PROJECTION_VERSION (0 here).
  `
  ALTER TABLE records ADD COLUMN report TEXT;
  ALTER TABLE records ADD COLUMN report_lo TEXT;
  ALTER TABLE records ADD COLUMN report_hi TEXT;
  CREATE TABLE report_projection (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL);
  INSERT INTO report_projection (id, v) VALUES (1, 0);
  `,
  // 4: a summary reads the rows whose projection may count in its period (Store.scanReport), not every row.
  `
  CREATE INDEX records_report ON records (report_hi) WHERE report IS NOT NULL;
  `,
  // 5: settings that travel with the org tree (the 六必访 trigger list): key → JSON value.
  `
  CREATE TABLE org_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 6: resolved conflict records past the district's retention, moved out of `records` (a tombstone stays there,
  // so devices drop them) and kept here for audit (SPEC.md P15). Same columns as `records` but the report ones.
  `
  CREATE TABLE archived_records (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, version INTEGER NOT NULL, deleted INTEGER NOT NULL,
    unit_id TEXT NOT NULL, street_id TEXT, team_id TEXT, data TEXT, stamps TEXT NOT NULL, left_unit_id TEXT,
    left_team_id TEXT, archived_at TEXT NOT NULL
  );
  `,
  // 7 (i10-security): forced password change after an admin reset; failed logins kept for the
  // throttle (SPEC.md S6, survives restarts, shared by processes); who/device/address on audit rows, which can
  // no longer be changed or deleted (S7).
  `
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, username TEXT NOT NULL, address TEXT NOT NULL
  );
  CREATE INDEX login_failures_user ON login_failures (username, at);
  CREATE INDEX login_failures_address ON login_failures (address, at);
  ALTER TABLE audit_log ADD COLUMN client_id TEXT;
  ALTER TABLE audit_log ADD COLUMN address TEXT;
  CREATE INDEX audit_at ON audit_log (at);
  CREATE INDEX audit_action ON audit_log (action, id);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
  // 8 (i10-moves): every unit a record ever left, so pulls of each of them deliver its tombstone
  // (SPEC.md S2: A → B → C reaches A), filled from left_unit_id; indexes to find a person's records when it
  // moves (S9) and the conflicts about them.
  `
  CREATE TABLE record_left_units (
    unit_id TEXT NOT NULL, record_id TEXT NOT NULL, PRIMARY KEY (unit_id, record_id)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO record_left_units (unit_id, record_id)
    SELECT left_unit_id, id FROM records WHERE left_unit_id IS NOT NULL;
  CREATE INDEX records_person_of ON records (json_extract(data, '$.personId'))
    WHERE kind IN ('visit', 'condolence', 'need', 'needStep');
  CREATE INDEX records_conflict_of ON records (json_extract(data, '$.recordId')) WHERE kind = 'conflict';
  `,
  // 9: the devices of each user (SPEC.md D4): seen on every sync request; a wipe requested by an admin (disable,
  // password reset, 注销此设备) is answered `device_wiped` on the device's next pull. `token_hash` is the
  // session the device last used, so a device whose sessions were ended can still push once before its wipe.
  `
  CREATE TABLE devices (
    client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
    app_version TEXT, token_hash TEXT, wipe_requested_at TEXT, wipe_reason TEXT, wiped_at TEXT
  );
  CREATE INDEX devices_user ON devices (user_id);
  `,
  // 10 (i11-dedupe): 一人一档 looks live persons up by ID number on every push that creates or changes one
  // (SPEC.md P19).
  `
  CREATE INDEX records_person_id_number ON records (json_extract(data, '$.idNumber'))
    WHERE kind = 'person' AND deleted = 0;
  `,
];
