import type { z } from 'zod';
import { personSchema } from './records/person.ts';
import { visitSchema } from './records/visit.ts';
import { condolenceSchema } from './records/condolence.ts';
import { needSchema, needStepSchema } from './records/need.ts';
import { activitySchema } from './records/activity.ts';
import { conflictSchema } from './records/conflict.ts';
import { KINDS, type Kind } from './kind-list.ts';

/** Every record kind that syncs (kind-list.ts). The string is the wire name and the Dexie table name. */
export { KINDS, type Kind };

export const KIND_LABELS: Record<Kind, string> = {
  person: '服务对象',
  visit: '走访记录',
  condolence: '慰问记录',
  need: '困难帮扶',
  needStep: '帮扶进度',
  activity: '志愿服务活动',
  conflict: '编辑冲突',
};

export const SCHEMAS = {
  person: personSchema,
  visit: visitSchema,
  condolence: condolenceSchema,
  need: needSchema,
  needStep: needStepSchema,
  activity: activitySchema,
  conflict: conflictSchema,
} as const satisfies Record<Kind, z.ZodType>;

export type RecordOf<K extends Kind> = z.infer<(typeof SCHEMAS)[K]>;
export type AnyRecord = RecordOf<Kind>;

export function isKind(s: unknown): s is Kind {
  return typeof s === 'string' && (KINDS as readonly string[]).includes(s);
}

/** Kinds whose records are written once and never changed or deleted (append-only history). */
export const APPEND_ONLY: ReadonlySet<Kind> = new Set(['needStep']);

/** Kinds only the server creates; clients may change just the listed fields. */
export const SERVER_CREATED: Partial<Record<Kind, readonly string[]>> = {
  conflict: ['resolution', 'resolvedBy', 'resolvedAt', 'updatedAt'],
};

/**
 * Fields fixed at creation: a later edit that changes them is refused. `location` is evidence of where the record
 * was saved (SPEC.md S11): a correction never moves it.
 */
export const IMMUTABLE_FIELDS: readonly string[] = ['id', 'createdAt', 'createdBy', 'location'];

/**
 * Where a record lives in the org tree, which decides who may read and write it (SPEC.md S1–S4).
 * Everything hangs off a community except volunteer activities, which belong to a team and its unit.
 */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function areaOf(kind: Kind, data: Record<string, unknown>): { unitId: string; teamId: string | null } {
  if (kind === 'activity') return { unitId: str(data['unitId']), teamId: str(data['teamId']) };
  return { unitId: str(data['communityId']), teamId: null };
}
