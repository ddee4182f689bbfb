import type { Kind } from '../../model/kinds.ts';
import type { FieldStamp } from '../../model/merge.ts';
import type { OrgTree } from '../../model/org.ts';
import type { Role } from '../../model/vocab.ts';
import type { AuditRow, MutationRow, StoredRecord, UserRow } from './store.ts';

/**
 * Row ↔ object mapping shared by both dialects. SQLite returns JSON as text and booleans as 0/1; PostgreSQL
 * returns jsonb parsed, booleans as booleans and int8 as strings. These functions accept both.
 */
type Raw = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
/** Text of a scalar column value; JSON for anything else (never `[object Object]`). */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
export const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : text(v));
const strOrNull = textOrNull;
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

export function toRecord(r: Raw): StoredRecord {
  return {
    kind: r['kind'] as Kind,
    id: text(r['id']),
    version: num(r['version']),
    deleted: r['deleted'] === true || r['deleted'] === 1,
    unitId: text(r['unit_id']),
    streetId: strOrNull(r['street_id']),
    teamId: strOrNull(r['team_id']),
    leftUnitId: strOrNull(r['left_unit_id']),
    leftTeamId: strOrNull(r['left_team_id']),
    data: r['data'] === null ? null : (json(r['data']) as Record<string, unknown>),
    stamps: unpackStamps(json(r['stamps'])),
  };
}

export function toUser(r: Raw): UserRow {
  return {
    id: text(r['id']),
    username: text(r['username']),
    displayName: text(r['display_name']),
    role: r['role'] as Role,
    unitId: text(r['unit_id']),
    teamId: strOrNull(r['team_id']),
    passwordHash: text(r['password_hash']),
    disabled: r['disabled'] === true || r['disabled'] === 1,
    createdAt: text(r['created_at']),
    mustChangePassword: r['must_change_password'] === true || r['must_change_password'] === 1,
  };
}

export function toMutation(r: Raw): MutationRow {
  return {
    clientId: text(r['client_id']),
    seq: num(r['seq']),
    mutationId: text(r['mutation_id']),
    userId: text(r['user_id']),
    kind: r['kind'] as Kind,
    recordId: text(r['record_id']),
    op: r['op'] === 'delete' ? 'delete' : 'put',
    version: num(r['version']),
  };
}

export function toAudit(r: Raw): AuditRow {
  const at = r['at'];
  return {
    id: num(r['id']),
    at: at instanceof Date ? at.toISOString() : text(at),
    userId: strOrNull(r['user_id']),
    action: text(r['action']),
    kind: strOrNull(r['kind']),
    recordId: strOrNull(r['record_id']),
    detail: r['detail'] === null ? null : json(r['detail']),
    clientId: strOrNull(r['client_id']),
    address: strOrNull(r['address']),
  };
}

/**
 * Stamps are stored packed: `[[version, by, [field, …]], …]`, one group per (version, author). A record written
 * once has one group instead of one `{v, by}` object per field — the stamps were half of the bytes written per
 * mutation. Unpacking also accepts the plain `{field: {v, by}}` form.
 */
export type PackedStamps = [number, string, string[]][];

export function packStamps(stamps: Readonly<Record<string, FieldStamp>>): PackedStamps {
  const groups: [number, string, string[]][] = [];
  // A record written once (every create) has one group: compare with the last group before looking further.
  let last: [number, string, string[]] | undefined;
  for (const field in stamps) {
    const st = stamps[field] as FieldStamp;
    if (last === undefined || last[0] !== st.v || last[1] !== st.by) {
      last = groups.find((g) => g[0] === st.v && g[1] === st.by);
      if (last === undefined) {
        last = [st.v, st.by, []];
        groups.push(last);
      }
    }
    last[2].push(field);
  }
  return groups;
}

export function unpackStamps(v: unknown): Record<string, FieldStamp> {
  if (!Array.isArray(v)) return (v ?? {}) as Record<string, FieldStamp>;
  const out: Record<string, FieldStamp> = {};
  for (const [version, by, fields] of v as PackedStamps) {
    for (const f of fields) out[f] = { v: version, by };
  }
  return out;
}

/** Bounded count for `PullPage.remaining`: counting past this costs more than a progress bar is worth. */
export const REMAINING_COUNT_CAP = 100_000;

/** Column names of `UserPatch` keys, shared by both dialects' UPDATE builders. */
export const USER_COLUMNS = {
  displayName: 'display_name',
  role: 'role',
  unitId: 'unit_id',
  teamId: 'team_id',
  passwordHash: 'password_hash',
  disabled: 'disabled',
  mustChangePassword: 'must_change_password',
} as const;

/** org_settings keys (JSON text values in both dialects). */
export const ORG_SETTING = {
  visitTriggers: 'visitTriggers',
  conflictRetentionDays: 'conflictRetentionDays',
} as const;

/**
 * The org tree with its stored settings (org_settings rows `{key, value}`): the 六必访 list and the conflict
 * retention. A setting never stored, or stored in a shape the code no longer accepts, is absent: clients and
 * the server use the default (model/org.ts).
 */
export function withSettings(
  tree: { units: OrgTree['units']; teams: OrgTree['teams'] },
  settings: readonly Raw[],
): OrgTree {
  const stored = new Map(settings.map((r) => [text(r['key']), r['value']]));
  const out: { -readonly [K in keyof OrgTree]: OrgTree[K] } = { ...tree };
  const triggers = stored.get(ORG_SETTING.visitTriggers);
  if (typeof triggers === 'string') {
    const list = JSON.parse(triggers) as unknown;
    if (Array.isArray(list) && list.every((t) => typeof t === 'string')) out.visitTriggers = list;
  }
  const retention = stored.get(ORG_SETTING.conflictRetentionDays);
  if (typeof retention === 'string') {
    const days = JSON.parse(retention) as unknown;
    if (typeof days === 'number' && Number.isInteger(days)) out.conflictRetentionDays = days;
  }
  return out;
}
