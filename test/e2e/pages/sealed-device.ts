/**
 * Page script of test/e2e/device-encryption.test.ts: bundled (vite, IIFE) with the app's own src/db modules and
 * run in real Chromium. Writes a person, a visit, a refused change, a draft, a pulled record and the session
 * on an unlocked device, so the test can read IndexedDB raw and unlock again "after a reload".
 */
import { Dexie } from 'dexie';
import { ZoufangDB } from '../../../src/db/database.ts';
import { createRecord } from '../../../src/db/repository.ts';
import { saveDraft, loadDraft } from '../../../src/db/drafts.ts';
import { rejectEntry } from '../../../src/db/outbox.ts';
import { applyPullPage } from '../../../src/db/sync-store.ts';
import { loadSession, saveSession } from '../../../src/db/session-store.ts';
import { allPersons, visitsOf } from '../../../src/db/queries.ts';
import { unlockDevice } from '../../../src/db/crypto/unlock.ts';
import { newId } from '../../../src/model/ids.ts';

export interface Secrets {
  readonly name: string;
  readonly idNumber: string;
  readonly mobile: string;
  readonly address: string;
  readonly situation: string;
  readonly token: string;
  readonly pulledName: string;
}

const DB = 'zoufang-e2e-sealed';
const COMMUNITY = '440310001001';

function person(s: Secrets, name: string, idNumber: string): Record<string, unknown> {
  return {
    name,
    sex: '女',
    idNumber,
    mobile: s.mobile,
    address: s.address,
    communityId: COMMUNITY,
    categories: ['退役士兵'],
    priorityFlags: [],
    contactTier: '普遍联系',
    householdNotes: '',
    status: '在册',
    receivedDate: null,
  };
}

/** A plain device (before D5) gets a record first, then the first online login unlocks and seals it (D7). */
async function write(s: Secrets, password: string): Promise<void> {
  await Dexie.delete(DB);
  const db = new ZoufangDB(DB);
  const actor = { userId: 'u-worker1' };
  const p = await createRecord(db, 'person', person(s, s.name, s.idNumber) as never, actor);
  await unlockDevice(db, password, { create: true });
  await createRecord(
    db,
    'visit',
    {
      personId: p.id,
      communityId: COMMUNITY,
      date: '2026-11-20',
      visitors: '李社工',
      campaign: '大走访',
      trigger: null,
      method: '入户走访',
      situation: s.situation,
      needsRaised: '',
      actionTaken: '',
      followUpDate: null,
      photos: [],
      gps: null,
    },
    actor,
  );
  await createRecord(db, 'person', person(s, `${s.name}乙`, '440310196505051240') as never, actor);
  await rejectEntry(db, 3, 'forbidden', `${s.name}不在您的辖区`);
  await saveDraft(db, `visit:new:${p.id}`, 'visit', { situation: s.situation, address: s.address });
  await saveSession(db, {
    token: s.token,
    user: { id: 'u-worker1', username: 'worker1', displayName: '李社工', role: 'worker', unitId: COMMUNITY },
  } as never);
  const at = new Date().toISOString();
  const pulledId = newId();
  await applyPullPage(db, {
    changes: [
      {
        kind: 'person',
        id: pulledId,
        version: 7,
        deleted: false,
        data: {
          ...person(s, s.pulledName, '440310195001011128'),
          id: pulledId,
          createdAt: at,
          createdBy: 'u-other',
          updatedAt: at,
        },
      },
    ],
    cursor: 'c1',
    more: false,
    lastSeq: 0,
  });
  db.close();
}

/** A new page's view: nothing opens before the password; with it, the records, the draft and the session do. */
async function reopen(
  password: string,
  name: string,
): Promise<{ before: string; names: string[]; situation: string; draft: unknown; token: string }> {
  const db = new ZoufangDB(DB);
  const before = await allPersons(db).then(
    () => 'opened',
    (e: unknown) => (e as Error).message,
  );
  await unlockDevice(db, password, { create: false });
  const persons = await allPersons(db);
  const first = persons.find((p) => p.name === name);
  const visits = first ? await visitsOf(db, first.id) : [];
  const draftKey = first ? `visit:new:${first.id}` : '';
  const draft = (await loadDraft(db, draftKey))?.values;
  const token = (await loadSession(db))?.token ?? '';
  db.close();
  return {
    before,
    names: persons.map((p) => p.name).sort(),
    situation: visits[0]?.situation ?? '',
    draft,
    token,
  };
}

/** Every value of every store, read with the bare IndexedDB API (no Dexie, no decryption), as JSON. */
async function rawDump(): Promise<{ stores: string[]; rows: number; json: string }> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB);
    req.addEventListener('success', () => resolve(req.result));
    req.addEventListener('error', () => reject(req.error ?? new Error('open failed')));
  });
  const stores = [...idb.objectStoreNames];
  const values: unknown[] = [];
  for (const name of stores) {
    await new Promise<void>((resolve, reject) => {
      const req = idb.transaction(name, 'readonly').objectStore(name).openCursor();
      req.addEventListener('success', () => {
        const cursor = req.result;
        if (!cursor) return resolve();
        values.push({ store: name, key: cursor.key, value: cursor.value as unknown });
        cursor.continue();
      });
      req.addEventListener('error', () => reject(req.error ?? new Error('cursor failed')));
    });
  }
  idb.close();
  // Bytes as numbers, so a string seen here was stored as text.
  const json = JSON.stringify(values, (_k, v: unknown) =>
    v instanceof ArrayBuffer
      ? [...new Uint8Array(v)]
      : ArrayBuffer.isView(v)
        ? [...new Uint8Array(v.buffer)]
        : v,
  );
  return { stores, rows: values.length, json };
}

const api = { write, reopen, rawDump };
export type SealedDevicePage = typeof api;
(globalThis as unknown as { sealedDevice: SealedDevicePage }).sealedDevice = api;
