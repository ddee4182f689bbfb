import { afterEach, describe, expect, it } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import { ProtocolError } from '../../src/protocol/errors.ts';
import { handlePush } from '../../src/server/replication/push.ts';
import type { Store } from '../../src/server/storage/store.ts';
import { TestClient, login, makePerson, startTestServer, type TestServer } from './helpers.ts';

const GONE = '440310001002'; // 六和社区 of 坪山街道: no demo user lives there

/** The store, with an org change committed just before each write transaction begins. */
function orgChangesBeforeWrite(store: Store, change: () => Promise<void>): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return async (fn: Parameters<Store['write']>[0]) => {
          await change();
          return target.write(fn);
        };
      }
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('the org tree a push is checked against, on %s', (_name, pg) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is the tree of its write transaction: a community removed just before it began is refused, not written to', async () => {
    server = await startTestServer({ pg });
    const s = server;
    const street = await login(s.app, 'street1');
    const tree = pingshanTree();
    const store = orgChangesBeforeWrite(s.store, () =>
      s.store.replaceOrg({ ...tree, units: tree.units.filter((u) => u.id !== GONE) }),
    );
    const c = new TestClient();
    const person = makePerson(street.user.id, { communityId: GONE });
    const refused = await handlePush(store, street.user, c.pushBody([c.create('person', person)])).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ProtocolError);
    expect(refused).toMatchObject({ reason: 'bad_request', message: '所属社区不存在' });
    expect(await s.store.getRecord(person.id)).toBeNull();
  });
});
