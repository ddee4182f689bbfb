/**
 * The in-browser half of `npm run bench`: bundled by bench/run.ts (vite, IIFE) and injected into a Chromium page
 * on a localhost origin. Exposes `window.zoufangBench`; every function returns raw timings (ms) and the
 * Node side prints them. Nothing here asserts timing.
 *
 * It uses the app's own modules: the Dexie schema (ZoufangDB), the repository that writes a record and its
 * outbox entry in one transaction, and the person search index of the person list.
 */
import { ZoufangDB, type LocalRecord } from '../src/db/database.ts';
import { createRecord, validate, type NewRecord } from '../src/db/repository.ts';
import { idCheckChar } from '../src/model/id-number.ts';
import { newId } from '../src/model/ids.ts';
import { PersonIndex, type PersonRow } from '../src/stores/person-index.ts';

const COMMUNITY = '440310001001';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN = '建国军华明伟强平东海涛志红英军民兵卫星林峰德文春秋立新';

/** A deterministic pseudo-random sequence, so every run seeds the same device. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rand: () => number, chars: string): string {
  return chars[Math.floor(rand() * chars.length)] ?? '';
}

function idNumber(rand: () => number, i: number): string {
  const year = 1940 + Math.floor(rand() * 60);
  const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
  const first17 = `440310${year}${month}${day}${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function person(rand: () => number, i: number): LocalRecord<'person'> {
  const id = idNumber(rand, i);
  const at = new Date().toISOString();
  return {
    id: newId(),
    name: pick(rand, SURNAMES) + pick(rand, GIVEN) + (rand() < 0.5 ? pick(rand, GIVEN) : ''),
    sex: Number(id[16]) % 2 === 1 ? '男' : '女',
    idNumber: id,
    mobile: `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
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

function visitInput(personId: string): NewRecord<'visit'> {
  return {
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
  };
}

async function freshDb(name: string): Promise<ZoufangDB> {
  const db = new ZoufangDB(name);
  await db.delete();
  await db.open();
  return db;
}

export interface SearchFigures {
  persons: number;
  visits: number;
  seedMs: number;
  /** Reading every person from IndexedDB and building the index: what opening the person list costs once. */
  loadIndexMs: number;
  /** Per keystroke, each query typed one character at a time: [query, ms, hits]. */
  keystrokes: [string, number, number][];
}

/** Seeds 20,000 persons and 50,000 visits, then types queries into the person search index. */
async function search(persons: number, visits: number, keep = false): Promise<SearchFigures> {
  const db = await freshDb('bench-search');
  const rand = rng(42);
  const t0 = performance.now();
  const people: LocalRecord<'person'>[] = [];
  for (let i = 0; i < persons; i++) people.push(person(rand, i));
  await db.person.bulkPut(people);
  for (let start = 0; start < visits; start += 5000) {
    const batch: LocalRecord<'visit'>[] = [];
    for (let i = start; i < Math.min(visits, start + 5000); i++) {
      const p = people[i % people.length] as LocalRecord<'person'>;
      const at = new Date().toISOString();
      batch.push({
        ...visitInput(p.id),
        id: newId(),
        createdAt: at,
        createdBy: 'bench',
        updatedAt: at,
        _v: 1,
      });
    }
    await db.visit.bulkPut(batch);
  }
  const seedMs = performance.now() - t0;

  const sample = people[123] as LocalRecord<'person'>;
  const typed = await typeQueries(db, sample);
  if (!keep) {
    db.close();
    await db.delete();
  } else {
    db.close();
  }
  return { persons, visits, seedMs, ...typed };
}

/** Loads the person index from the device and types the sample person's name, ID and mobile endings. */
async function typeQueries(
  db: ZoufangDB,
  sample: LocalRecord<'person'>,
): Promise<Pick<SearchFigures, 'loadIndexMs' | 'keystrokes'>> {
  const t1 = performance.now();
  const rows: PersonRow[] = (await db.person.toArray()).map((p) => ({
    id: p.id,
    name: p.name,
    idNumber: p.idNumber,
    mobile: p.mobile,
    communityId: p.communityId,
    status: p.status,
    contactTier: p.contactTier,
  }));
  const index = new PersonIndex(rows);
  const loadIndexMs = performance.now() - t1;

  const queries = [sample.name, sample.idNumber.slice(-4), (sample.mobile ?? '').slice(-4)];
  const keystrokes: [string, number, number][] = [];
  for (const q of queries) {
    for (let n = 1; n <= q.length; n++) {
      const typed = q.slice(0, n);
      const s = performance.now();
      const hits = index.search(typed).length;
      keystrokes.push([typed, performance.now() - s, hits]);
    }
  }
  return { loadIndexMs, keystrokes };
}

/**
 * The same search again on the device `search(…, keep = true)` left behind (the caller may have throttled the
 * CPU in between); the database is deleted afterwards.
 */
async function searchAgain(): Promise<Pick<SearchFigures, 'loadIndexMs' | 'keystrokes'>> {
  const db = new ZoufangDB('bench-search');
  await db.open();
  const sample = (await db.person.offset(123).first()) as LocalRecord<'person'>;
  const typed = await typeQueries(db, sample);
  db.close();
  await db.delete();
  return typed;
}

export interface SaveFigures {
  /** Per save, ms: one visit through the repository (record + outbox entry, one transaction). */
  repository: number[];
  /** Per save, ms: a raw Dexie put of the same record into the same table. */
  raw: number[];
  /** Per save, ms: the same record plus a hand-made outbox row, two raw puts in one transaction (the floor of C1). */
  rawPair: number[];
  /** Per record, ms: the schema check alone (part of the repository's cost, no I/O), to explain the ratio. */
  validation: number[];
}

/**
 * 1,000 saves each way, interleaved in blocks of 50 so that drift (GC, disk cache) hits both sides alike.
 * Both write into databases of the same schema holding the same rows.
 */
async function saves(count: number): Promise<SaveFigures> {
  const repoDb = await freshDb('bench-save-repo');
  const rawDb = await freshDb('bench-save-raw');
  const rand = rng(7);
  const p = person(rand, 1);
  await repoDb.person.put(p);
  await rawDb.person.put(p);
  const actor = { userId: 'bench-user' };
  // Warm both paths (schema compile, first transaction) before measuring.
  await createRecord(repoDb, 'visit', visitInput(p.id), actor);
  await rawDb.visit.put(rawVisit(p.id));

  const repository: number[] = [];
  const raw: number[] = [];
  for (let done = 0; done < count; done += 50) {
    for (let i = 0; i < 50; i++) {
      const s = performance.now();
      await createRecord(repoDb, 'visit', visitInput(p.id), actor);
      repository.push(performance.now() - s);
    }
    for (let i = 0; i < 50; i++) {
      const record = rawVisit(p.id);
      const s = performance.now();
      await rawDb.visit.put(record);
      raw.push(performance.now() - s);
    }
  }
  const pairDb = await freshDb('bench-save-pair');
  await pairDb.person.put(p);
  const rawPair: number[] = [];
  for (let i = 0; i < count; i++) {
    const record = rawVisit(p.id);
    const entry = {
      seq: i + 1,
      mutationId: newId(),
      clientId: 'bench-client',
      kind: 'visit' as const,
      recordId: record.id,
      op: 'put' as const,
      fields: record,
      baseVersion: 0,
      by: 'bench-user',
      at: record.createdAt,
    };
    const s = performance.now();
    await pairDb.transaction('rw', [pairDb.visit, pairDb.outbox], async () => {
      await pairDb.visit.add(record);
      await pairDb.outbox.add(entry);
    });
    rawPair.push(performance.now() - s);
  }
  pairDb.close();
  await pairDb.delete();

  const validation: number[] = [];
  for (let i = 0; i < count; i++) {
    const record = rawVisit(p.id);
    const s = performance.now();
    validate('visit', record);
    validation.push(performance.now() - s);
  }
  const outbox = await repoDb.outbox.count();
  if (outbox !== count + 1) throw new Error(`outbox holds ${outbox} entries, expected ${count + 1}`);
  for (const db of [repoDb, rawDb]) {
    db.close();
    await db.delete();
  }
  return { repository, raw, rawPair, validation };
}

/** What the repository would store, built outside the timed section (the raw side does no validation). */
function rawVisit(personId: string): LocalRecord<'visit'> {
  const at = new Date().toISOString();
  return {
    ...visitInput(personId),
    id: newId(),
    createdAt: at,
    createdBy: 'bench-user',
    updatedAt: at,
    _v: 0,
  };
}

const api = { search, searchAgain, saves };
export type ZoufangBench = typeof api;
(globalThis as unknown as { zoufangBench: ZoufangBench }).zoufangBench = api;
