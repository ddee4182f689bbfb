import { afterEach, describe, expect, it } from 'vitest';
import { pingshanTree, type OrgTree } from '../../src/model/org.ts';
import { replaceOrgTree } from '../../src/server/admin/org.ts';
import { errorOf, login, startTestServer, type TestServer } from './helpers.ts';

const LIST = ['重大节日', '生病住院', '老兵生日'];

describe('the 六必访 trigger list on the server', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function setUp() {
    server = await startTestServer();
    const { app } = server;
    const admin = await login(app, 'admin');
    const worker = await login(app, 'worker1');
    const put = (s: typeof admin, payload: unknown) =>
      app.inject({ method: 'PUT', url: '/api/admin/org', headers: s.headers, payload: payload as object });
    const org = async (url = '/api/org', s = worker) =>
      (await app.inject({ method: 'GET', url, headers: s.headers })).json<OrgTree>();
    return { server, admin, worker, put, org };
  }

  it('is absent from a tree never configured, so devices use the default', async () => {
    const { org } = await setUp();
    expect(await org()).toEqual(pingshanTree());
  });

  it('the district admin sets it with the tree, and a community worker fetching the org receives it', async () => {
    const { admin, put, org } = await setUp();
    const res = await put(admin, { ...pingshanTree(), visitTriggers: LIST });
    expect(res.statusCode).toBe(200);
    expect(res.json<OrgTree>().visitTriggers).toEqual(LIST);
    expect((await org()).visitTriggers).toEqual(LIST);
    expect((await org('/api/admin/org', admin)).visitTriggers).toEqual(LIST);
    // The units and teams are the same as before: the list rides along.
    expect({ ...(await org()), visitTriggers: undefined }).toEqual({
      ...pingshanTree(),
      visitTriggers: undefined,
    });
  });

  it('the change is audited with the admin who made it', async () => {
    const { server: s, admin, put } = await setUp();
    await put(admin, { ...pingshanTree(), visitTriggers: LIST });
    const [entry] = await s.store.listAudit({ userId: admin.user.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'org_settings', detail: { visitTriggers: LIST } });
  });

  it('a community worker cannot change it', async () => {
    const { worker, put, org } = await setUp();
    const res = await put(worker, { ...pingshanTree(), visitTriggers: LIST });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).reason).toBe('forbidden');
    expect((await org()).visitTriggers).toBeUndefined();
  });

  it('refuses a bad list with its reason in Chinese and keeps the list it had', async () => {
    const { admin, put, org } = await setUp();
    await put(admin, { ...pingshanTree(), visitTriggers: LIST });
    const bad: [unknown, string][] = [
      [[], '六必访情形至少要有一项'],
      [['生病住院', '生病住院 '], '六必访情形“生病住院”重复'],
      [['很'.repeat(41)], `六必访情形“${'很'.repeat(41)}”超过40个字`],
      [Array.from({ length: 13 }, (_, i) => `情形${i}`), '六必访情形最多12项'],
    ];
    for (const [visitTriggers, message] of bad) {
      const res = await put(admin, { ...pingshanTree(), visitTriggers });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ reason: 'bad_request', message });
    }
    expect((await put(admin, { ...pingshanTree(), visitTriggers: '重大节日' })).statusCode).toBe(400);
    expect((await org()).visitTriggers).toEqual(LIST);
  });

  it('a tree saved without the list (恢复默认, or an old file) goes back to the default', async () => {
    const { server: s, admin, put, org } = await setUp();
    await put(admin, { ...pingshanTree(), visitTriggers: LIST });
    expect((await put(admin, pingshanTree())).statusCode).toBe(200);
    expect((await org()).visitTriggers).toBeUndefined();
    // Saving the same list again writes no new audit entry.
    await replaceOrgTree(s.store, pingshanTree());
    const entries = await s.store.listAudit({ recordId: 'org:visitTriggers', limit: 10 });
    expect(entries.map((e) => e.detail)).toEqual([{ visitTriggers: null }, { visitTriggers: LIST }]);
  });
});
