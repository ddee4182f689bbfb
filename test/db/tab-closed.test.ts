import { afterEach, describe, expect, it } from 'vitest';
import { ZoufangDB } from '../../src/db/database.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord } from '../../src/db/repository.ts';
import { NetworkError } from '../../src/sync/errors.ts';
import { FakeServer } from '../sync/fake-server.ts';
import { engineFor } from '../sync/helpers.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';

const actor = { userId: 'u-worker1' };
let n = 0;
const names: string[] = [];
const open: ZoufangDB[] = [];

async function tab(name: string): Promise<ZoufangDB> {
  const db = new ZoufangDB(name);
  open.push(db);
  await db.open();
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) db.close();
  for (const name of names.splice(0)) await new ZoufangDB(name).delete();
});

describe('no transaction across the network (C12)', () => {
  it('[C12] [P3] a tab closed after the server applied a push but before the answer was stored loses nothing, and the next tab resends it harmlessly', async () => {
    const name = `tab-closed-${process.pid}-${++n}`;
    names.push(name);
    const first = await tab(name);
    const p = await createRecord(first, 'person', newPerson(), actor);
    await createRecord(first, 'visit', newVisit(p.id), actor);
    const server = new FakeServer();
    server.afterPush = () => {
      // The server committed; the tab is closed before the answer arrives: its database connection goes,
      // and the response is never read.
      first.close();
      throw new NetworkError();
    };
    await engineFor(createDexieReplica(first), server).syncNow();
    expect(server.applied).toHaveLength(2);

    server.afterPush = () => undefined;
    const second = await tab(name);
    expect(await second.outbox.count()).toBe(2);
    const engine = engineFor(createDexieReplica(second), server);
    await engine.syncNow();

    expect(engine.getStatus()).toMatchObject({ phase: { kind: 'synced' }, pending: 0 });
    expect(server.received).toHaveLength(4);
    expect(server.applied).toHaveLength(2);
    expect(await second.person.get(p.id)).toMatchObject({ _v: 1 });
  });

  it('[C12] a tab closed while a pull page was on its way keeps the old cursor and the next tab pulls that page again', async () => {
    const name = `tab-closed-${process.pid}-${++n}`;
    names.push(name);
    const first = await tab(name);
    const server = new FakeServer();
    for (let i = 0; i < 3; i++) {
      server.put('person', {
        ...newPerson({ name: `人${i}` }),
        id: crypto.randomUUID(),
        createdAt: 'x',
        createdBy: 'u2',
        updatedAt: 'x',
      });
    }
    let pulls = 0;
    const transport = server.transport();
    await engineFor(createDexieReplica(first), server, {
      pullLimit: 2,
      transport: {
        ...transport,
        pull: async (req, token) => {
          const page = await transport.pull(req, token);
          if (++pulls === 2) {
            first.close();
            throw new NetworkError();
          }
          return page;
        },
      },
    }).syncNow();

    const second = await tab(name);
    expect(await second.person.count()).toBe(2);
    expect(await second.meta.get('cursor')).toMatchObject({ value: '2' });
    await engineFor(createDexieReplica(second), server, { pullLimit: 2 }).syncNow();
    expect(await second.person.count()).toBe(3);
  });
});
