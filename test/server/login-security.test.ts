import { afterEach, describe, expect, it } from 'vitest';
import { PARAMS } from '../../src/server/auth/password.ts';
import { passwordRefusal } from '../../src/server/auth/password-policy.ts';
import { errorOf, login, startTestServer, type TestServer, type TestServerOptions } from './helpers.ts';

const LOGIN = '/api/auth/login';

/** A login with a wrong password, optionally through a proxy that sent `xff`. */
function attempt(s: TestServer, username: string, xff?: string) {
  return s.app.inject({
    method: 'POST',
    url: LOGIN,
    payload: { username, password: 'guess-guess-guess' },
    ...(xff !== undefined ? { headers: { 'x-forwarded-for': xff } } : {}),
  });
}

describe.each([
  { name: 'SQLite', pg: false },
  { name: 'PostgreSQL', pg: true },
])('passwords and the login throttle ($name)', ({ pg }) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function start(opts: TestServerOptions = {}): Promise<TestServer> {
    server = await startTestServer({ pg, ...opts });
    return server;
  }
  it('[S6] failed logins of one account are throttled across addresses, with the wait in Chinese', async () => {
    const s = await start({
      loginThrottle: { perAccount: 3, perAddress: 100, windowMs: 600_000 },
      trustProxy: 1,
    });
    for (let i = 0; i < 3; i++) expect((await attempt(s, 'worker1', `10.0.0.${i}`)).statusCode).toBe(401);
    const limited = await attempt(s, 'worker1', '10.0.0.99');
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).reason).toBe('rate_limited');
    expect(errorOf(limited).message).toMatch(/登录失败次数过多，请 \d+ 分钟后再试/);
    // Even the right password waits: the throttle is checked before the password.
    const right = await s.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { username: 'worker1', password: 'zoufang-demo' },
    });
    expect(right.statusCode).toBe(429);
    expect((await attempt(s, 'worker2', '10.0.0.99')).statusCode).toBe(401);
  });

  it('[S6] failed logins from one address are throttled across accounts; a forged X-Forwarded-For does not help', async () => {
    // One proxy in front: its own entry (the last) is the address; what the client wrote before it is ignored.
    const s = await start({
      loginThrottle: { perAccount: 100, perAddress: 3, windowMs: 600_000 },
      trustProxy: 1,
    });
    const users = ['worker1', 'worker2', 'worker3', 'street1'];
    for (const [i, u] of users.slice(0, 3).entries()) {
      expect((await attempt(s, u, `198.51.100.${i}, 203.0.113.7`)).statusCode).toBe(401);
    }
    const limited = await attempt(s, 'street1', '198.51.100.200, 203.0.113.7');
    expect(limited.statusCode).toBe(429);
    // Without a trusted proxy the header is not read at all: the socket address is the one counted.
    const direct = await start({ loginThrottle: { perAccount: 100, perAddress: 3, windowMs: 600_000 } });
    for (let i = 0; i < 3; i++) {
      expect((await attempt(direct, users[i] ?? '', `192.0.2.${i}`)).statusCode).toBe(401);
    }
    expect((await attempt(direct, 'street1', '192.0.2.77')).statusCode).toBe(429);
  });

  it('[S6] the throttle survives a restart and is shared by a second server on the same database', async () => {
    const s = await start({ loginThrottle: { perAccount: 2, perAddress: 100, windowMs: 600_000 } });
    for (let i = 0; i < 2; i++) expect((await attempt(s, 'worker1')).statusCode).toBe(401);
    await s.restart();
    expect((await attempt(s, 'worker1')).statusCode).toBe(429);
  });

  it('[S7] failed and successful logins are recorded with the address', async () => {
    const s = await start();
    expect((await attempt(s, 'worker1')).statusCode).toBe(401);
    expect((await attempt(s, 'nobody-here')).statusCode).toBe(401);
    const ok = await login(s.app, 'worker1');
    const failed = await s.store.listAudit({ action: 'login_failed', limit: 10 });
    expect(failed.map((r) => (r.detail as { username: string }).username).sort()).toEqual([
      'nobody-here',
      'worker1',
    ]);
    expect(failed[0]?.address).toBe('127.0.0.1');
    const [entry] = await s.store.listAudit({ action: 'login', userId: ok.user.id, limit: 1 });
    expect(entry?.address).toBe('127.0.0.1');
  });

  it('[S5] a user changes its own password: the rules apply, other sessions end, this one stays', async () => {
    const s = await start();
    const a = await login(s.app, 'worker1');
    const b = await login(s.app, 'worker1');
    const change = (currentPassword: string, newPassword: string) =>
      s.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: a.headers,
        payload: { currentPassword, newPassword },
      });
    expect(errorOf(await change('zoufang-demo', 'short')).message).toContain('密码至少10位');
    expect(errorOf(await change('zoufang-demo', 'qwertyuiop')).message).toContain('过于常见');
    expect(errorOf(await change('wrong-current-pw', 'Kx9-fleet-harbour')).message).toBe('当前密码不正确');
    expect((await change('zoufang-demo', 'Kx9-fleet-harbour')).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: a.headers })).statusCode).toBe(
      200,
    );
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: b.headers })).statusCode).toBe(
      401,
    );
    await expect(login(s.app, 'worker1')).rejects.toThrow(/401/);
    await login(s.app, 'worker1', 'Kx9-fleet-harbour');
    expect((await s.store.listAudit({ action: 'password_change', limit: 5 })).length).toBe(1);
  });

  it('[S5] an admin reset forces a change at the next login before anything else', async () => {
    const s = await start();
    const admin = await login(s.app, 'admin');
    const w = await login(s.app, 'worker2');
    const reset = await s.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${w.user.id}`,
      headers: admin.headers,
      payload: { password: 'Temporary-pass-42' },
    });
    expect(reset.statusCode).toBe(200);
    const again = await login(s.app, 'worker2', 'Temporary-pass-42');
    expect(again.mustChangePassword).toBe(true);
    const pull = await s.app.inject({
      method: 'POST',
      url: '/api/sync/pull',
      headers: again.headers,
      payload: { protocolVersion: 1, clientId: 'c-reset', cursor: null },
    });
    expect(pull.statusCode).toBe(403);
    expect(errorOf(pull).details).toMatchObject({ mustChangePassword: true });
    const change = await s.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: again.headers,
      payload: { currentPassword: 'Temporary-pass-42', newPassword: 'My-own-choice-2026' },
    });
    expect(change.statusCode).toBe(200);
    const after = await login(s.app, 'worker2', 'My-own-choice-2026');
    expect(after.mustChangePassword).toBeUndefined();
    const audit = await s.store.listAudit({ action: 'user_update', limit: 5 });
    expect(audit[0]).toMatchObject({ userId: admin.user.id, recordId: w.user.id, address: '127.0.0.1' });
    expect(JSON.stringify(audit[0]?.detail)).not.toContain('Temporary-pass-42');
  });

  it('[S5] a hash of the old, cheaper cost is replaced at login by one of today’s cost', async () => {
    const s = await start();
    const user = await s.store.getUserByUsername('worker3');
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync('zoufang-demo', salt, 32, { N: 16384, r: 8, p: 1 });
    const old = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    await s.store.updateUser(user?.id ?? '', { passwordHash: old });
    await login(s.app, 'worker3');
    const after = (await s.store.getUserByUsername('worker3'))?.passwordHash ?? '';
    expect(after).not.toBe(old);
    expect(after.startsWith(`scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$`)).toBe(true);
    expect(PARAMS).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    await login(s.app, 'worker3');
  });
});

describe('password rules', () => {
  it('[S5] refuses short, common and username-containing passwords, and the demo password', () => {
    expect(passwordRefusal('abc', 'w')).toContain('至少10位');
    expect(passwordRefusal('1234567890', 'w')).toContain('常见');
    expect(passwordRefusal('PASSWORD123', 'w')).toContain('常见');
    expect(passwordRefusal('zoufang-demo', 'w')).toContain('常见');
    expect(passwordRefusal('worker1-is-me!', 'worker1')).toContain('用户名');
    expect(passwordRefusal('Kx9-fleet-harbour', 'worker1')).toBeNull();
  });
});
