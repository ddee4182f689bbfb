import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { SqliteStore } from '../../src/server/storage/sqlite-store.ts';
import type { Store } from '../../src/server/storage/store.ts';
import { parseTrustProxy } from '../../src/server/trust-proxy.ts';

const dir = mkdtempSync(join(tmpdir(), 'zoufang-headers-'));
let store: Store;
let app: FastifyInstance;
let proxied: FastifyInstance;

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app.js.map'), '{"sources":["src/secret.ts"]}');
  store = SqliteStore.open(':memory:');
  app = await buildApp({ store, staticDir: dir });
  proxied = await buildApp({ store, staticDir: dir, trustProxy: 1 });
});
afterAll(async () => {
  await app.close();
  await proxied.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('security headers (S8)', () => {
  it('[S8] pages, assets, API answers and errors all carry the headers; /api is no-store', async () => {
    for (const url of ['/', '/assets/app.js', '/api/health', '/api/auth/me', '/api/nothing']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expectSecurityHeaders(res.headers);
      if (url.startsWith('/api')) expect(res.headers['cache-control']).toBe('no-store');
    }
    const page = await app.inject({ method: 'GET', url: '/visits/123', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expectSecurityHeaders(page.headers);
  });

  it('[S8] source maps are not served', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app.js.map' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('secret.ts');
  });

  it('[S8] HSTS only for a request that came over TLS (here: X-Forwarded-Proto from a trusted proxy)', async () => {
    const plain = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await proxied.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('[S8] the built app shell has no inline script (the CSP would block it)', () => {
    const built = join('dist', 'index.html');
    if (!existsSync(built)) return; // `npm test` builds before e2e; the e2e smoke runs the built app under this CSP
    const html = readFileSync(built, 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\bsrc=/);
      expect(m[2]?.trim()).toBe('');
    }
    expect(readdirSync(join('dist', 'assets')).filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('[S8] TRUST_PROXY takes a hop count or addresses and refuses "trust everyone"', () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    for (const bad of ['true', 'all', '*', '0', '0.0.0.0/0x', 'proxy.local']) {
      expect(() => parseTrustProxy(bad)).toThrow(/TRUST_PROXY/);
    }
  });
});
