/**
 * One encrypted value as the device stores it (SPEC.md D5): AES-GCM under the data key, a fresh 96-bit IV per
 * value. The plaintext is the value's JSON, so anything a row holds can be sealed. IndexedDB keeps the bytes as
 * they are (structured clone), and a raw read of the store shows only numbers.
 */
export interface Sealed {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ct: ArrayBuffer;
}

/** A value that does not open with the key: tampered with, or sealed under another key. */
export class SealedValueError extends Error {
  override readonly name = 'SealedValueError';
  readonly reason = 'undecryptable';
  constructor(cause: unknown) {
    super('本机加密数据无法解密', { cause });
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  // Important: never reuse an IV under one key (GCM loses both secrecy and integrity); 96 random bits per
  // value keep the collision odds negligible for the few million values a device ever seals.
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(JSON.stringify(value)));
  return { iv, ct };
}

export async function unseal<T = unknown>(key: CryptoKey, sealed: Sealed): Promise<T> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.ct);
  } catch (e) {
    throw new SealedValueError(e);
  }
  return JSON.parse(decoder.decode(plain)) as T;
}

export function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { iv?: unknown; ct?: unknown };
  return v.iv instanceof Uint8Array && v.ct instanceof ArrayBuffer;
}
