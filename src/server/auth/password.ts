import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (SPEC.md S5). Stored as `scrypt$N$r$p$salt$hash` (base64url), so the cost can be
 * raised without invalidating old hashes: a login whose hash has a lower cost is rehashed (`needsRehash`).
 * Cost: OWASP's Password Storage Cheat Sheet (N=2^17, r=8, p=1): about 128 MiB and a few hundred ms per hash.
 */
export const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEYLEN = 32;
/** Above 128 × N × r (Node refuses a derivation needing more than maxmem). */
const MAX_MEM = 256 * 1024 * 1024;

/**
 * Important: each derivation holds ~128 MiB. Without a bound, a burst of logins (or a guessing attack) takes
 * the server's memory; at most this many run at once per process, the others wait their turn.
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function bounded<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return bounded(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, KEYLEN, { ...opts, maxmem: MAX_MEM }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [tag, n, r, p, salt, hash] = stored.split('$');
  if (tag !== 'scrypt' || !n || !r || !p || salt === undefined || hash === undefined) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  // A stored cost above ours (a forged or corrupt row) would let one login take the process's memory.
  if (!(cost.N <= PARAMS.N && cost.r <= PARAMS.r && cost.p <= PARAMS.p)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when the hash was made with a lower cost than PARAMS: rehash it at the next successful login. */
export function needsRehash(stored: string): boolean {
  const [tag, n, r, p] = stored.split('$');
  return tag !== 'scrypt' || Number(n) < PARAMS.N || Number(r) < PARAMS.r || Number(p) < PARAMS.p;
}

/** A hash of a random password: verified against when the username is unknown, so timing does not tell. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
