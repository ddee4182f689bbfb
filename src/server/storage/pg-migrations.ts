/**
 * PostgreSQL schema, one entry per migration, applied in order on open under an advisory lock (several server
 * processes may start at once). Never edit an entry that shipped: append. Kept in step with sqlite-migrations.ts.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE org_units (
    id text PRIMARY KEY, name text NOT NULL, level text NOT NULL, parent_id text, ord integer NOT NULL
  );
  CREATE TABLE teams (id text PRIMARY KEY, name text NOT NULL, unit_id text NOT NULL, ord integer NOT NULL);
  CREATE TABLE users (
    id text PRIMARY KEY, username text NOT NULL UNIQUE, display_name text NOT NULL, role text NOT NULL,
    unit_id text NOT NULL, team_id text, password_hash text NOT NULL, disabled boolean NOT NULL DEFAULT false,
    created_at text NOT NULL
  );
  CREATE TABLE sessions (
    token_hash text PRIMARY KEY, user_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX sessions_user ON sessions (user_id);
  CREATE TABLE clients (client_id text PRIMARY KEY, user_id text NOT NULL, last_seq bigint NOT NULL);
  CREATE TABLE mutations (
    client_id text NOT NULL, seq bigint NOT NULL, mutation_id text NOT NULL, user_id text NOT NULL,
    kind text NOT NULL, record_id text NOT NULL, op text NOT NULL, version bigint NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, seq)
  );
  CREATE INDEX mutations_record ON mutations (record_id);
  CREATE TABLE records (
    id text PRIMARY KEY, kind text NOT NULL, version bigint NOT NULL, deleted boolean NOT NULL,
    unit_id text NOT NULL, street_id text, team_id text, data jsonb, stamps jsonb NOT NULL
  );
  CREATE UNIQUE INDEX records_version ON records (version, id);
  CREATE INDEX records_unit ON records (unit_id, version);
  CREATE INDEX records_team ON records (team_id, version) WHERE team_id IS NOT NULL;
  CREATE INDEX records_kind_unit ON records (kind, unit_id);
  -- SPEC.md P7: one counter row, incremented inside each write transaction. Not a sequence.
  CREATE TABLE version_counter (id integer PRIMARY KEY CHECK (id = 1), v bigint NOT NULL);
  INSERT INTO version_counter (id, v) VALUES (1, 0);
  CREATE TABLE audit_log (
    id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), user_id text, action text NOT NULL,
    kind text, record_id text, detail jsonb
  );
  CREATE INDEX audit_user ON audit_log (user_id, id);
  CREATE INDEX audit_record ON audit_log (record_id, id);
  `,
  // 2: where a record moved away from, so the old area's devices are told to drop it (SPEC.md S2).
  `
  ALTER TABLE records ADD COLUMN left_unit_id text;
  ALTER TABLE records ADD COLUMN left_team_id text;
  CREATE INDEX records_left_unit ON records (left_unit_id, version) WHERE left_unit_id IS NOT NULL;
  CREATE INDEX records_left_team ON records (left_team_id, version) WHERE left_team_id IS NOT NULL;
  `,
  // 3: the report projection of each record (reports/projection.ts), written with the record; filled in for
  // existing rows on open, when `report_projection.v` differs from the code's PROJECTION_VERSION (0 here).
  `
  ALTER TABLE records ADD COLUMN report text;
  ALTER TABLE records ADD COLUMN report_lo text;
  ALTER TABLE records ADD COLUMN report_hi text;
  CREATE TABLE report_projection (id integer PRIMARY KEY CHECK (id = 1), v integer NOT NULL);
  INSERT INTO report_projection (id, v) VALUES (1, 0);
  `,
  // 4: a summary reads the rows whose projection may count in its period (Store.scanReport), not every row.
  `
  CREATE INDEX records_report ON records (report_hi) WHERE report IS NOT NULL;
  `,
  // 5: settings that travel with the org tree (the 六必访 trigger list): key → JSON value.
  `
  CREATE TABLE org_settings (key text PRIMARY KEY, value text NOT NULL);
  `,
  // 6: resolved conflict records past the district's retention, moved out of `records` (a tombstone stays there,
  // so devices drop them) and kept here for audit (SPEC.md P15). Same columns as `records` but the report ones.
  `
  CREATE TABLE archived_records (
    id text PRIMARY KEY, kind text NOT NULL, version bigint NOT NULL, deleted boolean NOT NULL,
    unit_id text NOT NULL, street_id text, team_id text, data jsonb, stamps jsonb NOT NULL, left_unit_id text,
    left_team_id text, archived_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // 7 (i10-security): forced password change after an admin reset; failed logins kept for the
  // throttle (SPEC.md S6, survives restarts, shared by processes); who/device/address on audit rows, which can
  // no longer be changed or deleted (S7).
  `
  ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
  CREATE TABLE login_failures (
    id bigserial PRIMARY KEY, at timestamptz NOT NULL, username text NOT NULL, address text NOT NULL
  );
  CREATE INDEX login_failures_user ON login_failures (username, at);
  CREATE INDEX login_failures_address ON login_failures (address, at);
  ALTER TABLE audit_log ADD COLUMN client_id text;
  ALTER TABLE audit_log ADD COLUMN address text;
  CREATE INDEX audit_at ON audit_log (at);
  CREATE INDEX audit_action ON audit_log (action, id);
  CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
  CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  `,
  // 8 (i10-moves): every unit a record ever left, so pulls of each of them deliver its tombstone
  // (SPEC.md S2: A → B → C reaches A), filled from left_unit_id; indexes to find a person's records when it
  // moves (S9) and the conflicts about them.
  `
  CREATE TABLE record_left_units (unit_id text NOT NULL, record_id text NOT NULL, PRIMARY KEY (unit_id, record_id));
  INSERT INTO record_left_units (unit_id, record_id)
    SELECT left_unit_id, id FROM records WHERE left_unit_id IS NOT NULL ON CONFLICT DO NOTHING;
  CREATE INDEX records_person_of ON records ((data->>'personId'))
    WHERE kind IN ('visit', 'condolence', 'need', 'needStep');
  CREATE INDEX records_conflict_of ON records ((data->>'recordId')) WHERE kind = 'conflict';
  `,
  // 9: the devices of each user (SPEC.md D4), as in sqlite-migrations.ts.
  `
  CREATE TABLE devices (
    client_id text PRIMARY KEY, user_id text NOT NULL, first_seen timestamptz NOT NULL,
    last_seen timestamptz NOT NULL, app_version text, token_hash text, wipe_requested_at timestamptz,
    wipe_reason text, wiped_at timestamptz
  );
  CREATE INDEX devices_user ON devices (user_id);
  `,
  // 10 (i11-dedupe): persons by ID number (SPEC.md P19), as in sqlite-migrations.ts.
  `
  CREATE INDEX records_person_id_number ON records ((data->>'idNumber')) WHERE kind = 'person' AND NOT deleted;
  `,
];
