import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createRecord } from '../../src/db/repository.ts';
import { allPersons } from '../../src/db/queries.ts';
import { saveSession, loadSession } from '../../src/db/session-store.ts';
import { NoVaultError, lockDevice, unlockDevice } from '../../src/db/crypto/unlock.ts';
import { WrongPasswordError } from '../../src/db/crypto/vault.ts';
import { loadVault } from '../../src/db/crypto/vault-store.ts';
import { newPerson } from '../fixtures/records.ts';

const FAST = { iterations: 1_000 };
let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened) d.close();
  for (const name of new Set(opened.splice(0).map((d) => d.name))) await Dexie.delete(name);
});

function fresh(): ZoufangDB {
  const db = new ZoufangDB(`crypt-unlock-${process.pid}-${++n}`);
  opened.push(db);
  return db;
}

describe('unlocking the device', () => {
  it('[D6] the first online login makes the vault and seals what the device already held', async () => {
    const db = fresh();
    await createRecord(db, 'person', newPerson({ name: '赵德明' }), { userId: 'u1' });
    expect(await unlockDevice(db, 'pw-first-123', { create: true, ...FAST })).toBe(2); // the person, its entry
    expect(await loadVault(db)).toBeDefined();
    expect(JSON.stringify(await db.person.toArray())).not.toContain('赵德明');
    expect((await allPersons(db)).map((p) => p.name)).toEqual(['赵德明']);
  });

  it('[D6] offline: the password unlocks, a wrong one does not, and no vault is ever made offline', async () => {
    const db = fresh();
    await expect(unlockDevice(db, 'anything-123', { create: false })).rejects.toBeInstanceOf(NoVaultError);
    expect(await loadVault(db)).toBeUndefined();
    await unlockDevice(db, 'pw-right-123', { create: true, ...FAST });
    await saveSession(db, { token: 'tok-1', user: { id: 'u1' } } as never);
    lockDevice(db);
    // Locked: the sealed session does not read.
    await expect(loadSession(db)).rejects.toThrow('解锁');
    // …and nothing is written plain while locked.
    await expect(createRecord(db, 'person', newPerson(), { userId: 'u1' })).rejects.toThrow('解锁');
    await expect(unlockDevice(db, 'pw-wrong-123', { create: false })).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
    await expect(loadSession(db)).rejects.toThrow('解锁');
    await unlockDevice(db, 'pw-right-123', { create: false });
    expect(await loadSession(db)).toMatchObject({ token: 'tok-1' });
  });
});
