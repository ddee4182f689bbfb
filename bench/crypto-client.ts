/**
 * The in-browser half of bench/crypto.ts: bundled (vite, IIFE) and injected into a Chromium page on a localhost
 * origin; exposes `window.zoufangCryptoBench`. Measures the device crypto layer (src/db/crypto, SPEC.md D5–D7)
 * on the app's own Dexie schema: unlock (derive the wrapping key at 600,000 PBKDF2 iterations, unwrap the data
 * key, open every person, build the person search index), a save through the repository and 10,000 records
 * through applyPullPage, each on a plain database and on an unlocked (sealed) one. Returns raw timings (ms); nothing here asserts timing.
 */
import { ZoufangDB, type LocalRecord } from '../src/db/database.ts';
import { openRow, sealRow } from '../src/db/crypto/seal-row.ts';
import { setDataKey } from '../src/db/crypto/codec.ts';
import { createRecord } from '../src/db/repository.ts';
import { applyPullPage } from '../src/db/sync-store.ts';
import type { PullResponse } from '../src/protocol/pull.ts';
import { createVault, unlockVault } from '../src/db/crypto/vault.ts';
import { newId } from '../src/model/ids.ts';
import { PersonIndex } from '../src/stores/person-index.ts';

const COMMUNITY = '440310001001';
const PASSWORD = 'bench-password-123';

function person(i: number): LocalRecord<'person'> {
  const at = new Date().toISOString();
  return {
    id: newId(),
    name: `王建国${i}`,
    sex: '男',
    idNumber: `440310196501${String(i).padStart(6, '0')}`,
    mobile: `139${String(i).padStart(8, '0')}`,
    address: `坪山区六联社区${i}号`,
    communityId: COMMUNITY,
    categories: ['退役士兵'],
    priorityFlags: [],
    contactTier: '普遍联系',
    householdNotes: '',
    status: '在册',
    receivedDate: null,
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    _v: 1,
  };
}

function visit(personId: string): LocalRecord<'visit'> {
  const at = new Date().toISOString();
  return {
    id: newId(),
    personId,
    communityId: COMMUNITY,
    date: '2026-11-20',
    visitors: '李社工',
    campaign: '大走访',
    trigger: null,
    method: '入户走访',
    situation: '身体健康，家庭和睦，子女在外地工作，每周电话联系。',
    needsRaised: '',
    actionTaken: '',
    followUpDate: null,
    photos: [],
    gps: null,
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    _v: 1,
  };
}

async function freshDb(name: string): Promise<ZoufangDB> {
  const db = new ZoufangDB(name);
  await db.delete();
  await db.open();
  return db;
}

export interface UnlockFigures {
  seedMs: number;
  deriveMs: number;
  /** Reading the sealed rows from IndexedDB (larger than plain ones by the IV, the tag and the JSON). */
  readMs: number;
  decryptMs: number;
  indexMs: number;
  totalMs: number;
  /** The same read and index build on a plain database: today's cost of opening the list. */
  plainMs: number;
}

async function unlock(persons: number, visits: number): Promise<UnlockFigures> {
  const { vault, key } = await createVault(PASSWORD);
  const sealedDb = await freshDb('bench-crypt-sealed');
  const plainDb = await freshDb('bench-crypt-plain');
  const t0 = performance.now();
  const people = Array.from({ length: persons }, (_, i) => person(i));
  await plainDb.person.bulkPut(people);
  await sealedDb.person.bulkPut((await Promise.all(people.map((p) => sealRow(key, 'person', p)))) as never[]);
  for (let start = 0; start < visits; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, visits - start) }, (_, i) =>
      visit((people[(start + i) % people.length] as LocalRecord<'person'>).id),
    );
    await plainDb.visit.bulkPut(batch);
    await sealedDb.visit.bulkPut((await Promise.all(batch.map((v) => sealRow(key, 'visit', v)))) as never[]);
  }
  const seedMs = performance.now() - t0;

  const p0 = performance.now();
  const plainIndex = new PersonIndex(await plainDb.person.toArray());
  const plainMs = performance.now() - p0;

  const u0 = performance.now();
  const unlocked = await unlockVault(vault, PASSWORD);
  const u1 = performance.now();
  const rows = await sealedDb.person.toArray();
  const ur = performance.now();
  const opened = await Promise.all(rows.map((r) => openRow<LocalRecord<'person'>>(unlocked, r)));
  const u2 = performance.now();
  const index = new PersonIndex(opened);
  const u3 = performance.now();
  if (index.size !== plainIndex.size) throw new Error('bench: sealed and plain indexes differ');
  plainDb.close();
  sealedDb.close();
  await plainDb.delete();
  await sealedDb.delete();
  return {
    seedMs,
    deriveMs: u1 - u0,
    readMs: ur - u1,
    decryptMs: u2 - ur,
    indexMs: u3 - u2,
    totalMs: u3 - u0,
    plainMs,
  };
}

export interface SaveFigures {
  plainMs: number[];
  sealedMs: number[];
}

/**
 * One visit saved through the app's repository (the record and its outbox entry in one transaction), on a
 * database without a key (plain, as before D5) and on one unlocked (sealed, D5), interleaved.
 */
async function saves(n: number): Promise<SaveFigures> {
  const { key } = await createVault(PASSWORD, 1_000);
  const plainDb = await freshDb('bench-crypt-saves-p');
  const sealedDb = await freshDb('bench-crypt-saves-s');
  setDataKey(sealedDb, key);
  const actor = { userId: 'bench' };
  const save = async (db: ZoufangDB): Promise<number> => {
    const { id: _id, createdAt: _c, createdBy: _b, updatedAt: _u, _v, ...input } = visit(newId());
    const t0 = performance.now();
    await createRecord(db, 'visit', input, actor);
    return performance.now() - t0;
  };
  // Warm both (the first save opens the database and makes the client id).
  await save(plainDb);
  await save(sealedDb);
  const plainMs: number[] = [];
  const sealedMs: number[] = [];
  // Interleaved, so a slow moment of the shared machine costs both sides alike.
  for (let i = 0; i < n; i++) {
    plainMs.push(await save(plainDb));
    sealedMs.push(await save(sealedDb));
  }
  for (const db of [plainDb, sealedDb]) {
    db.close();
    await db.delete();
  }
  return { plainMs, sealedMs };
}

export interface PullFigures {
  plainMs: number;
  sealedMs: number;
}

/**
 * `records` visits stored through the app's applyPullPage in pages of 1,000, on a plain and on an unlocked
 * database. The network and the page's JSON parse are not included: both sides share them, so the ratio here
 * is the worst case of the whole pull's.
 */
async function pull(records: number): Promise<PullFigures> {
  const { key } = await createVault(PASSWORD, 1_000);
  const pages: PullResponse[] = [];
  let version = 0;
  for (let start = 0; start < records; start += 1000) {
    const changes = Array.from({ length: Math.min(1000, records - start) }, () => {
      const { _v, ...data } = visit(newId());
      return { kind: 'visit' as const, id: data.id, version: ++version, deleted: false, data };
    });
    pages.push({ changes, cursor: String(version), more: start + 1000 < records, lastSeq: 0 });
  }
  const store = async (sealed: boolean): Promise<number> => {
    const db = await freshDb(`bench-crypt-pull-${sealed ? 's' : 'p'}`);
    if (sealed) setDataKey(db, key);
    const t0 = performance.now();
    for (const page of pages) await applyPullPage(db, page);
    const ms = performance.now() - t0;
    db.close();
    await db.delete();
    return ms;
  };
  // Alternated and the best of three each: the first run warms IndexedDB and the JIT.
  const plain: number[] = [];
  const sealed: number[] = [];
  for (let i = 0; i < 3; i++) {
    plain.push(await store(false));
    sealed.push(await store(true));
  }
  return { plainMs: Math.min(...plain), sealedMs: Math.min(...sealed) };
}

export interface ZoufangCryptoBench {
  unlock: typeof unlock;
  saves: typeof saves;
  pull: typeof pull;
}

const api: ZoufangCryptoBench = { unlock, saves, pull };
(globalThis as unknown as { zoufangCryptoBench: ZoufangCryptoBench }).zoufangCryptoBench = api;
