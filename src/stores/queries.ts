import type { LocalRecord, RejectedEntry } from '../db/database.ts';
import * as q from '../db/queries.ts';
import type { RecentRecord } from '../db/queries.ts';
import type { Kind } from '../model/kinds.ts';
import { getDb } from './db.ts';

/**
 * Read queries of the record screens over the app's database, meant for `useLiveQuery` so lists update live
 * (local writes, other tabs, pulls). The queries themselves live in src/db/queries.ts.
 */
export type { RecentRecord };

export const recordById = <K extends Kind>(kind: K, id: string): Promise<LocalRecord<K> | undefined> =>
  q.recordById(getDb(), kind, id);
export const subjectOf = (kind: Kind, id: string): Promise<string | null> => q.subjectOf(getDb(), kind, id);
export const personById = (id: string): Promise<LocalRecord<'person'> | undefined> =>
  q.personById(getDb(), id);
export const personsWithIdNumber = (idNumber: string): Promise<LocalRecord<'person'>[]> =>
  q.personsWithIdNumber(getDb(), idNumber);
export const visitsOf = (personId: string): Promise<LocalRecord<'visit'>[]> => q.visitsOf(getDb(), personId);
export const condolencesOf = (personId: string): Promise<LocalRecord<'condolence'>[]> =>
  q.condolencesOf(getDb(), personId);
export const needsOf = (personId: string): Promise<LocalRecord<'need'>[]> => q.needsOf(getDb(), personId);
export const needById = (id: string): Promise<LocalRecord<'need'> | undefined> => q.needById(getDb(), id);
export const openNeeds = (): Promise<LocalRecord<'need'>[]> => q.openNeeds(getDb());
export const stepsOf = (needId: string): Promise<LocalRecord<'needStep'>[]> => q.stepsOf(getDb(), needId);
export const recentRecords = (limit: number): Promise<RecentRecord[]> => q.recentRecords(getDb(), limit);
export const personNames = (ids: readonly string[]): Promise<Map<string, string>> =>
  q.personNames(getDb(), ids);
export const conflicts = (): Promise<LocalRecord<'conflict'>[]> => q.conflicts(getDb());
export const refusedChanges = (): Promise<RejectedEntry[]> => q.refusedChanges(getDb());
