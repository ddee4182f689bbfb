import { describe, expect, it } from 'vitest';
import {
  PBKDF2_ITERATIONS,
  WrongPasswordError,
  createVault,
  rewrapVault,
  unlockVault,
} from '../../src/db/crypto/vault.ts';
import { SealedValueError, seal, unseal } from '../../src/db/crypto/sealed.ts';
import { openRow, sealRow } from '../../src/db/crypto/seal-row.ts';

// Tests other than the iteration floor's derive with few iterations: the cost is the same code path.
const FAST = 1_000;

describe('the data key and its vault', () => {
  it('[D5] a new vault derives its wrapping key with PBKDF2-SHA-256 at 600,000 iterations and keeps its salt', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const { vault, key } = await createVault('correct horse 1');
    expect(vault.iterations).toBe(PBKDF2_ITERATIONS);
    expect(vault.salt.byteLength).toBe(16);
    const again = await unlockVault(vault, 'correct horse 1');
    expect(await unseal(again, await seal(key, { a: 1 }))).toEqual({ a: 1 });
  });

  it('[D5] the data key is random, and the unwrapped key cannot be exported', async () => {
    const a = await createVault('pw-aaaaaaaaaa', FAST);
    const b = await createVault('pw-aaaaaaaaaa', FAST);
    expect(a.key.extractable).toBe(false);
    expect((await unlockVault(a.vault, 'pw-aaaaaaaaaa')).extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', a.key)).rejects.toThrow();
    // Same password, different keys: a value sealed under one does not open under the other.
    await expect(unseal(b.key, await seal(a.key, 'x'))).rejects.toBeInstanceOf(SealedValueError);
  });

  it('[D6] a wrong password does not unlock', async () => {
    const { vault } = await createVault('pw-right-123', FAST);
    await expect(unlockVault(vault, 'pw-wrong-123')).rejects.toBeInstanceOf(WrongPasswordError);
  });

  it('[D6] a password change rewraps the same key: old data opens, the old password no longer unlocks', async () => {
    const { vault, key } = await createVault('pw-old-12345', FAST);
    const sealed = await seal(key, { name: '张建国' });
    const next = await rewrapVault(vault, 'pw-old-12345', 'pw-new-12345', FAST);
    expect(await unseal(await unlockVault(next, 'pw-new-12345'), sealed)).toEqual({ name: '张建国' });
    await expect(unlockVault(next, 'pw-old-12345')).rejects.toBeInstanceOf(WrongPasswordError);
    await expect(rewrapVault(vault, 'pw-bad-12345', 'x', FAST)).rejects.toBeInstanceOf(WrongPasswordError);
  });
});

describe('sealed values and rows', () => {
  it('[D5] each value gets a fresh 96-bit IV, so equal values seal differently', async () => {
    const { key } = await createVault('pw-iv-123456', FAST);
    const a = await seal(key, '13812341234');
    const b = await seal(key, '13812341234');
    expect(a.iv.byteLength).toBe(12);
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
    expect(Buffer.from(a.ct).equals(Buffer.from(b.ct))).toBe(false);
  });

  it('[D5] a tampered value is refused, not opened', async () => {
    const { key } = await createVault('pw-tamper-12', FAST);
    const s = await seal(key, { idNumber: '34052419800101001X' });
    new Uint8Array(s.ct)[0]! ^= 1;
    await expect(unseal(key, s)).rejects.toBeInstanceOf(SealedValueError);
  });

  it('[D5] a sealed person keeps only ids, unit id, date and version in the clear', async () => {
    const { key } = await createVault('pw-row-12345', FAST);
    const person = {
      id: 'p1',
      name: '张建国',
      idNumber: '34052419800101001X',
      mobile: '13812341234',
      address: '坪山区六联社区某路1号',
      communityId: '440310001001',
      updatedAt: '2026-11-20T01:00:00.000Z',
      _v: 3,
    };
    const row = await sealRow(key, 'person', person);
    expect(Object.keys(row).sort()).toEqual(['_v', 'communityId', 'enc', 'id', 'updatedAt']);
    expect(await openRow(key, row)).toEqual(person);
    // A plain row (not yet migrated, D7) reads as it is.
    expect(await openRow(key, person)).toEqual(person);
  });
});
