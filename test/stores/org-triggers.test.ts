// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { saveSession } from '../../src/db/session-store.ts';
import { pingshanTree } from '../../src/model/org.ts';
import { DEFAULT_TRIGGERS } from '../../src/model/vocab.ts';
import { setDb } from '../../src/stores/db.ts';
import { loadVisitTriggers } from '../../src/stores/org.ts';
import { refreshOrg } from '../../src/stores/sync-wiring.ts';
import { routeFetchTo } from '../ui/admin-import-server-fetch.ts';
import { login, startTestServer, type TestServer } from '../server/helpers.ts';

/**
 * The 六必访 list from the district admin's PUT to a community worker's device: the real server (in-memory
 * SQLite, demo accounts), fetch routed into it, the device's org refresh and its cache (META.org).
 */
const LIST = ['重大节日', '生病住院', '老兵生日'];
let server: TestServer;
let db: ZoufangDB;

beforeAll(async () => {
  server = await startTestServer();
  db = new ZoufangDB(`org-triggers-${Date.now()}`);
  await db.open();
  setDb(db);
  const worker = await login(server.app, 'worker1');
  await saveSession(db, { token: worker.token, expiresAt: worker.expiresAt, user: worker.user });
});
afterAll(async () => {
  db.close();
  await db.delete();
  await server.close();
});
afterEach(() => vi.unstubAllGlobals());

describe('the 六必访 list on a device', () => {
  it('is the default before the district configures one', async () => {
    routeFetchTo(server);
    await refreshOrg();
    expect(await loadVisitTriggers()).toEqual(DEFAULT_TRIGGERS);
  });

  it('reaches the device with the org tree, and stays when the device is offline', async () => {
    const admin = await login(server.app, 'admin');
    const res = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/org',
      headers: admin.headers,
      payload: { ...pingshanTree(), visitTriggers: LIST },
    });
    expect(res.statusCode).toBe(200);
    const fetchTo = routeFetchTo(server);
    await refreshOrg();
    expect(fetchTo.urls).toEqual(['/api/org']);
    expect(await loadVisitTriggers()).toEqual(LIST);
    fetchTo.down = true;
    await refreshOrg();
    expect(await loadVisitTriggers()).toEqual(LIST);
  });
});
