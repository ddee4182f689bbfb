import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevicesResponse } from '../../src/protocol/devices.ts';
import { APP_VERSION_HEADER } from '../../src/protocol/version.ts';
import {
  TestClient,
  login,
  makePerson,
  pull,
  push,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('device security on %s', (_name, pg) => {
  let server: TestServer;
  let admin: Session;

  beforeAll(async () => {
    server = await startTestServer({ pg });
    admin = await login(server.app, 'admin');
  });
  afterAll(() => server.close());

  const userId = async (username: string): Promise<string> =>
    (await server.store.getUserByUsername(username))?.id ?? '';

  async function devicesOf(username: string): Promise<DevicesResponse['devices']> {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/admin/users/${await userId(username)}/devices`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json<DevicesResponse>().devices;
  }

  function pullWithVersion(s: Session, c: TestClient) {
    return server.app.inject({
      method: 'POST',
      url: '/api/sync/pull',
      headers: { ...s.headers, [APP_VERSION_HEADER]: '9.8.7' },
      payload: c.pullBody(),
    });
  }

  it('[D4] the admin sees each device of a user: client id, first and last seen, app version', async () => {
    const s = await login(server.app, 'worker2');
    const phone = new TestClient();
    const tablet = new TestClient();
    expect((await pullWithVersion(s, phone)).statusCode).toBe(200);
    expect((await pull(server.app, s, tablet.pullBody())).statusCode).toBe(200);
    const before = (await devicesOf('worker2')).find((d) => d.clientId === phone.clientId);
    expect((await pullWithVersion(s, phone)).statusCode).toBe(200);
    const devices = await devicesOf('worker2');
    expect(devices.map((d) => d.clientId).sort()).toEqual([phone.clientId, tablet.clientId].sort());
    const d = devices.find((x) => x.clientId === phone.clientId);
    expect(d).toMatchObject({ appVersion: '9.8.7', wipeRequestedAt: null, wipedAt: null });
    expect(d?.firstSeen).toBe(before?.firstSeen);
    expect(Date.parse(d?.lastSeen ?? '')).toBeGreaterThanOrEqual(Date.parse(before?.lastSeen ?? ''));
    // Not for other roles.
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/admin/users/${await userId('worker2')}/devices`,
      headers: s.headers,
    });
    expect(res.statusCode).toBe(403);
  });

  it('[D3] 注销此设备: that device pushes what it holds, then is answered device_wiped; the others go on', async () => {
    const s = await login(server.app, 'worker3');
    const phone = new TestClient();
    const other = new TestClient();
    expect((await pull(server.app, s, phone.pullBody())).statusCode).toBe(200);
    expect((await pull(server.app, s, other.pullBody())).statusCode).toBe(200);
    const wipe = await server.app.inject({
      method: 'POST',
      url: `/api/admin/users/${await userId('worker3')}/devices/${phone.clientId}/wipe`,
      headers: admin.headers,
    });
    expect(wipe.statusCode).toBe(200);
    expect(wipe.json<{ wipeReason: string }>().wipeReason).toBe('admin');

    const person = makePerson(s.user.id, { name: '注销前录入', communityId: s.user.unitId });
    await pushOk(server.app, s, phone, [phone.create('person', person)]);
    expect((await server.store.getRecord(person.id))?.deleted).toBe(false);

    const answer = await pull(server.app, s, phone.pullBody());
    expect(answer.statusCode).toBe(401);
    expect(answer.json<{ error: { reason: string } }>().error.reason).toBe('device_wiped');
    // The session the wiped device used is over; the other device's session was that one too here.
    expect((await pull(server.app, s, phone.pullBody())).statusCode).toBe(401);
    const devices = await devicesOf('worker3');
    expect(devices.find((d) => d.clientId === phone.clientId)?.wipedAt).not.toBeNull();
    expect(devices.find((d) => d.clientId === other.clientId)?.wipeRequestedAt).toBeNull();
    const s2 = await login(server.app, 'worker3');
    expect((await pull(server.app, s2, other.pullBody())).statusCode).toBe(200);
  });

  it('[D3] disabling a user: its device still pushes what it holds once, then is wiped', async () => {
    const s = await login(server.app, 'worker1');
    const phone = new TestClient();
    expect((await pull(server.app, s, phone.pullBody())).statusCode).toBe(200);
    const id = await userId('worker1');
    const off = await server.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      headers: admin.headers,
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    expect((await devicesOf('worker1'))[0]?.wipeReason).toBe('disabled');
    // Any other route refuses the ended session.
    const org = await server.app.inject({ method: 'GET', url: '/api/org', headers: s.headers });
    expect(org.statusCode).toBe(401);
    // A device the server never saw with that token gets a plain 401, not a push.
    const stranger = new TestClient();
    const p0 = makePerson(s.user.id, { name: '陌生设备' });
    expect((await push(server.app, s, stranger.pushBody([stranger.create('person', p0)]))).statusCode).toBe(
      401,
    );

    const person = makePerson(s.user.id, { name: '停用前录入' });
    await pushOk(server.app, s, phone, [phone.create('person', person)]);
    expect((await server.store.getRecord(person.id))?.deleted).toBe(false);
    const answer = await pull(server.app, s, phone.pullBody());
    expect(answer.json<{ error: { reason: string } }>().error.reason).toBe('device_wiped');
    // Once wiped, the token opens nothing, not even a push.
    const late = makePerson(s.user.id, { name: '注销后' });
    expect((await push(server.app, s, phone.pushBody([phone.create('person', late)]))).statusCode).toBe(401);
    expect(await server.store.getRecord(late.id)).toBeNull();
    const audit = await server.store.listAudit({ userId: id, limit: 50 });
    expect(audit.map((a) => a.action)).toContain('device_wiped');
  });

  it('[D3] an admin password reset wipes the devices, also after the worker logs in again there', async () => {
    const s = await login(server.app, 'leader1');
    const phone = new TestClient();
    expect((await pull(server.app, s, phone.pullBody())).statusCode).toBe(200);
    const id = await userId('leader1');
    const reset = await server.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      headers: admin.headers,
      payload: { password: 'new-password-2026' },
    });
    expect(reset.statusCode).toBe(200);
    const again = await login(server.app, 'leader1', 'new-password-2026');
    const answer = await pull(server.app, again, phone.pullBody());
    expect(answer.statusCode).toBe(401);
    expect(answer.json<{ error: { reason: string } }>().error.reason).toBe('device_wiped');
    expect((await devicesOf('leader1'))[0]?.wipeReason).toBe('password_reset');
  });
});
