import { liveQuery } from 'dexie';
import { createStore } from 'zustand/vanilla';
import { getDb } from './db.ts';
import { PersonIndex, type PersonRow } from './person-index.ts';

/**
 * The person search index, kept fresh from Dexie: a liveQuery over the person table re-reads and rebuilds
 * whenever a person is written here, in another tab or by a pull. Started once by the person list; later
 * visits to the list reuse it (no re-read per keystroke or per screen).
 */
export interface PersonsState {
  readonly index: PersonIndex | null;
  readonly error: string | null;
}

export const personsStore = createStore<PersonsState>(() => ({ index: null, error: null }));

let subscription: { unsubscribe(): void } | null = null;

export function startPersonIndex(): void {
  if (subscription) return;
  const db = getDb();
  subscription = liveQuery(() => db.person.toArray()).subscribe({
    next: (persons) => {
      const rows: PersonRow[] = persons.map((p) => ({
        id: p.id,
        name: p.name,
        idNumber: p.idNumber,
        mobile: p.mobile,
        communityId: p.communityId,
        status: p.status,
        contactTier: p.contactTier,
      }));
      personsStore.setState({ index: new PersonIndex(rows), error: null });
    },
    error: () => personsStore.setState({ error: '无法读取服务对象名册' }),
  });
}

export function stopPersonIndex(): void {
  subscription?.unsubscribe();
  subscription = null;
  personsStore.setState({ index: null, error: null });
}
