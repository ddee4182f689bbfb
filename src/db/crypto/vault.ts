/**
 * The data key and its wrapping (SPEC.md D5, D6). The data key is random (AES-GCM 256); the device stores it
 * only wrapped (AES-GCM) by a key derived from the worker's password with PBKDF2-SHA-256. Unwrapped, it is a
 * non-extractable CryptoKey held in memory: no code can read its bytes, so it never leaves the device.
 *
 * Important: whoever forgets the password cannot open the device's data, by design. Pending changes are then
 * recoverable only through the server (a reset there, D6), never by reading the device.
 */

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256. Raising it needs no migration: each vault stores its own. */
export const PBKDF2_ITERATIONS = 600_000;

/** What the device stores (meta `vault`): nothing here reveals the key without the password. */
export interface Vault {
  readonly version: 1;
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly iterations: number;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly wrapped: ArrayBuffer;
}

export class WrongPasswordError extends Error {
  override readonly name = 'WrongPasswordError';
  readonly reason = 'wrong_password';
  constructor() {
    super('密码不正确，无法解锁本机数据');
  }
}

const DATA_KEY: AesKeyGenParams = { name: 'AES-GCM', length: 256 };

async function wrappingKey(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/**
 * A new data key, returned unwrapped (non-extractable) with its vault. The key is made extractable only so
 * that it can be wrapped once; the returned copy is the one unwrapped from the vault, which is not.
 */
export async function createVault(
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<{ vault: Vault; key: CryptoKey }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const fresh = await crypto.subtle.generateKey(DATA_KEY, true, ['encrypt', 'decrypt']);
  const kek = await wrappingKey(password, salt, iterations);
  const wrapped = await crypto.subtle.wrapKey('raw', fresh, kek, { name: 'AES-GCM', iv });
  const vault: Vault = { version: 1, salt, iterations, iv, wrapped };
  return { vault, key: await unwrap(vault, kek) };
}

/** The data key of `vault`, or WrongPasswordError (GCM's tag check fails for any other password). */
export async function unlockVault(vault: Vault, password: string): Promise<CryptoKey> {
  return unwrap(vault, await wrappingKey(password, vault.salt, vault.iterations));
}

/**
 * The same data key wrapped under a new password (the worker changed it): the data stays as it is, only the
 * vault is replaced.
 */
export async function rewrapVault(
  vault: Vault,
  oldPassword: string,
  newPassword: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<Vault> {
  const oldKek = await wrappingKey(oldPassword, vault.salt, vault.iterations);
  // Unwrapped extractable for this one wrap only; the copy is dropped when this function returns.
  let transient: CryptoKey;
  try {
    transient = await crypto.subtle.unwrapKey(
      'raw',
      vault.wrapped,
      oldKek,
      { name: 'AES-GCM', iv: vault.iv },
      DATA_KEY,
      true,
      ['encrypt', 'decrypt'],
    );
  } catch {
    throw new WrongPasswordError();
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const kek = await wrappingKey(newPassword, salt, iterations);
  const wrapped = await crypto.subtle.wrapKey('raw', transient, kek, { name: 'AES-GCM', iv });
  return { version: 1, salt, iterations, iv, wrapped };
}

async function unwrap(vault: Vault, kek: CryptoKey): Promise<CryptoKey> {
  try {
    return await crypto.subtle.unwrapKey(
      'raw',
      vault.wrapped,
      kek,
      { name: 'AES-GCM', iv: vault.iv },
      DATA_KEY,
      false,
      ['encrypt', 'decrypt'],
    );
  } catch {
    throw new WrongPasswordError();
  }
}
