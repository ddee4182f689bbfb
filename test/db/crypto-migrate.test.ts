import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { saveDraft } from '../../src/db/drafts.ts';
import { rejectEntry } from '../../src/db/outbox.ts';
import { saveSession } from '../../src/db/session-store.ts';
import { META } from '../../src/db/meta.ts';
import { sealPlainRows } from '../../src/db/crypto/migrate.ts';
import { openRow } from '../../src/db/crypto/seal-row.ts';
import { unseal, type Sealed } from '../../src/db/crypto/sealed.ts';
import { createVault } from '../../src/db/crypto/vault.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';

const NAME = '王秀英';
const ID_NUMBER = '44030719650303123X';
const MOBILE = '13900001111';
const ADDRESS = '坪山区六联社区迎宾路88号';
const TOKEN = 'tok-secret-abcdef';
const SECRETS = [NAME, ID_NUMBER, MOBILE, ADDRESS, TOKEN];

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened) d.close();
  for (const name of new Set(opened.splice(0).map((d) => d.name))) await Dexie.delete(name);
});

/** Every store's rows exactly as IndexedDB holds them (Dexie here adds no decryption: there is none to add). */
async function rawRows(db: ZoufangDB): Promise<Map<string, object[]>> {
  const out = new Map<string, object[]>();
  for (const t of db.tables) out.set(t.name, (await t.toArray()) as object[]);
  return out;
}

/** JSON of the raw rows; bytes print as numbers, so a string found here was stored in the clear. */
function rawText(rows: Map<string, object[]>): string {
  return JSON.stringify([...rows], (_k, v: unknown) =>
    v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v instanceof Uint8Array ? [...v] : v,
  );
}

async function plainDevice(): Promise<ZoufangDB> {
  const db = new ZoufangDB(`crypt-migrate-${process.pid}-${++n}`);
  opened.push(db);
  const actor = { userId: 'u-worker' };
  const person = await createRecord(
    db,
    'person',
    newPerson({ name: NAME, idNumber: ID_NUMBER, mobile: MOBILE, address: ADDRESS }),
    actor,
  );
  for (let i = 0; i < 5; i++) {
    await createRecord(db, 'visit', newVisit(person.id, { situation: `${NAME}身体尚可 ${i}` }), actor);
    await createRecord(db, 'person', newPerson({ name: `${NAME}${i}`, mobile: `1390000${1000 + i}` }), actor);
  }
  await rejectEntry(db, 2, 'forbidden', `${NAME} 不在您的辖区`);
  await saveDraft(db, `visit:new:${person.id}`, 'visit', { situation: `${ADDRESS} 没写完` });
  await saveSession(db, {
    token: TOKEN,
    user: { id: 'u-worker', name: '李社工', role: 'worker', unitId: '440310001001' },
  } as never);
  return db;
}

describe('sealing a plain device database after unlock', () => {
  it('[D7] every row and every pending change is kept, and no personal string is left in the clear', async () => {
    const db = await plainDevice();
    const before = await rawRows(db);
    expect(rawText(before)).toContain(ID_NUMBER); // the test can fail: the plain database shows it
    const { key } = await createVault('pw-migrate-1', 1_000);

    const sealed = await sealPlainRows(db, key, 2);

    const after = await rawRows(db);
    const text = rawText(after);
    for (const s of SECRETS) expect(text).not.toContain(s);
    expect(sealed).toBeGreaterThan(0);
    for (const [store, rows] of before) {
      const now = after.get(store) ?? [];
      expect(now.length, store).toBe(rows.length);
      if (store === 'meta') continue;
      const openedRows = await Promise.all(now.map((r) => openRow(key, r)));
      expect(openedRows, store).toEqual(rows);
    }
    const session = after.get('meta')?.find((r) => (r as { key: string }).key === META.session) as {
      value: Sealed;
    };
    expect(await unseal(key, session.value)).toMatchObject({ token: TOKEN });
    // The outbox is still keyed by seq and the queue is whole.
    expect(await db.outbox.count()).toBe((before.get('outbox') ?? []).length);
    expect((await db.outbox.toCollection().primaryKeys()).length).toBeGreaterThan(0);
  });

  it('[D7] a second run finds nothing to seal and a half-sealed database finishes', async () => {
    const db = await plainDevice();
    const { key } = await createVault('pw-migrate-2', 1_000);
    const all = await db.person.toArray();
    // Seal only the persons, as if the app stopped half-way.
    const { sealRow } = await import('../../src/db/crypto/seal-row.ts');
    await db.person.bulkPut((await Promise.all(all.map((p) => sealRow(key, 'person', p)))) as never);
    expect(await sealPlainRows(db, key, 3)).toBeGreaterThan(0);
    expect(await sealPlainRows(db, key, 3)).toBe(0);
    const persons = await Promise.all((await db.person.toArray()).map((r) => openRow(key, r)));
    expect(persons).toEqual(all);
  });

  it('[D7] a row written by another tab while its batch was being sealed is not overwritten', async () => {
    const db = await plainDevice();
    const { key } = await createVault('pw-migrate-3', 1_000);
    const [first] = await db.person.toArray();
    // Between the batch's read and its write, another tab saves the person (plain, as old code would).
    const real = crypto.subtle.encrypt.bind(crypto.subtle);
    let raced = false;
    const spy = async (...args: Parameters<SubtleCrypto['encrypt']>): Promise<ArrayBuffer> => {
      if (!raced) {
        raced = true;
        await db.person.put({ ...first!, householdNotes: '另一窗口刚改' });
      }
      return real(...args);
    };
    crypto.subtle.encrypt = spy;
    try {
      await sealPlainRows(db, key, 100);
    } finally {
      crypto.subtle.encrypt = real;
    }
    expect(raced).toBe(true);
    const opened1 = await openRow<{ householdNotes: string }>(key, (await db.person.get(first!.id))!);
    expect(opened1.householdNotes).toBe('另一窗口刚改');
    // …and the next pass seals it.
    await sealPlainRows(db, key, 100);
    expect(rawText(await rawRows(db))).not.toContain('另一窗口刚改');
  });
});

describe('the device database indexes', () => {
  it('[D5] no store indexes a personal field', async () => {
    const db = new ZoufangDB(`crypt-index-${process.pid}-${++n}`);
    opened.push(db);
    await db.open();
    const personal = ['name', 'idNumber', 'mobile', 'address', 'fields', 'values', 'value'];
    for (const t of db.tables) {
      for (const idx of t.schema.indexes) expect(personal, `${t.name}.${idx.name}`).not.toContain(idx.name);
    }
  });
});
