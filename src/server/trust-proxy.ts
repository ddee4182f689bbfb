import { isIP } from 'node:net';

/** Why TRUST_PROXY was refused: the server does not start with it. */
export class TrustProxyError extends Error {
  override readonly name = 'TrustProxyError';
  readonly reason = 'bad_trust_proxy';
}

/**
 * TRUST_PROXY (README "TLS and a reverse proxy"): which X-Forwarded-For entries the server believes when it
 * takes the caller's address (the login throttle and the audit log key on it).
 * - unset or empty: none; the address is the TCP peer's;
 * - a whole number N ≥ 1: N proxies in front, each appending the address it saw; the address is the entry N
 *   from the right, so whatever a client wrote itself into the header is never used;
 * - a comma-separated list of IP addresses or CIDR ranges: the proxies themselves; entries they appended count.
 * `true`, `all`, `*` and the like ("trust any header") are refused: with them anyone can forge an address and
 * slip past the throttle. Note: before issue 10, `TRUST_PROXY=1` meant "trust all"; it now means one hop.
 */
export function parseTrustProxy(value: string | undefined): number | string[] | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1 || hops > 10) throw new TrustProxyError(`TRUST_PROXY=${v}：代理层数应为 1–10`);
    return hops;
  }
  const list = v.split(',').map((s) => s.trim());
  for (const entry of list) {
    const [ip, bits, extra] = entry.split('/');
    const family = isIP(ip ?? '');
    const maxBits = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits && Number(bits) > 0);
    if (family === 0 || !okBits || extra !== undefined) {
      throw new TrustProxyError(
        `TRUST_PROXY 无效：「${entry}」。请填写代理层数（如 1）或代理的 IP 地址 / 网段（如 10.0.0.5,10.1.0.0/16）；不支持信任所有来源`,
      );
    }
  }
  return list;
}
