import type { Store, WriteBatch, WriteTx } from '../storage/store.ts';
import type { ChangeNotice, ChangeNotifier } from './notifier.ts';

function add(set: Set<string>, id: string | null | undefined): void {
  if (id) set.add(id);
}

/** Where the records of one committed batch were and are: the units and teams whose areas it touched (S2). */
export function noticeOf(batch: WriteBatch): ChangeNotice {
  const units = new Set<string>();
  const teams = new Set<string>();
  for (const r of batch.records) {
    add(units, r.unitId);
    add(units, r.leftUnitId);
    add(teams, r.teamId);
    add(teams, r.leftTeamId);
  }
  return {
    version: batch.version,
    unitIds: [...units],
    teamIds: [...teams],
    all: false,
    clientId: batch.client?.clientId ?? null,
  };
}

/**
 * The store as the HTTP app uses it, publishing a notice after each committed write that stored records (a push,
 * an import, a conflict resolved on the server — everything that bumps record versions goes through `write`),
 * and an "everybody" notice after the org tree changed (areas moved). The notice goes out after the commit, so a
 * device that syncs on it sees the change. A Proxy, so that methods added to Store later pass through untouched.
 */
export function watchStore(store: Store, notifier: ChangeNotifier): Store {
  const write: Store['write'] = async (fn) => {
    let saved: WriteBatch | null = null;
    const result = await store.write((tx) => {
      saved = null; // the callback may be re-run after a transient failure: only the committed run counts
      const watched = new Proxy(tx, {
        get(target, prop) {
          if (prop === 'save') {
            return (batch: WriteBatch) => {
              saved = batch;
              return target.save(batch);
            };
          }
          const v: unknown = Reflect.get(target, prop, target);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      }) satisfies WriteTx;
      return fn(watched);
    });
    const batch = saved as WriteBatch | null;
    if (batch !== null && batch.records.length > 0) notifier.publish(noticeOf(batch));
    return result;
  };
  const replaceOrg: Store['replaceOrg'] = async (tree) => {
    await store.replaceOrg(tree);
    notifier.publish({
      version: await store.currentVersion(),
      unitIds: [],
      teamIds: [],
      all: true,
      clientId: null,
    });
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'write') return write;
      if (prop === 'replaceOrg') return replaceOrg;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
