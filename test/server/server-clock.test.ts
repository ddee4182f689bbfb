import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conflict } from '../../src/model/records/conflict.ts';
import {
  TestClient,
  login,
  makePerson,
  pullAll,
  pushOk,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers.ts';

const DAY = 24 * 60 * 60 * 1000;
const clockAt = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('server clock only on %s', (_name, pg) => {
  let server: TestServer;
  let w1: Session;
  let w2: Session;
  let street: Session;

  beforeAll(async () => {
    server = await startTestServer({ pg });
    w1 = await login(server.app, 'worker1');
    w2 = await login(server.app, 'worker2');
    street = await login(server.app, 'street1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('[P9] a phone whose clock runs days ahead does not win a field conflict: the server order decides', async () => {
    const ahead = new TestClient(); // worker1's phone: its clock says five days from now
    const behind = new TestClient(); // worker2's phone: three days behind
    const reader = new TestClient();
    const person = makePerson(w1.user.id, { createdAt: clockAt(5), updatedAt: clockAt(5) });
    const created = await pushOk(server.app, w1, ahead, [ahead.create('person', person)]);
    await pushOk(server.app, w1, ahead, [
      ahead.put('person', person.id, { address: '甲', updatedAt: clockAt(5) }, created.version),
    ]);
    const seen = await pullAll(server.app, street, reader);
    expect(seen.changes.find((c) => c.id === person.id)?.data).toMatchObject({ address: '甲' });

    const behindNow = clockAt(-3);
    await pushOk(server.app, w2, behind, [
      behind.put('person', person.id, { address: '乙', updatedAt: behindNow }, created.version),
    ]);
    // The later write in server order wins, though its device time is eight days earlier.
    expect((await server.store.getRecord(person.id))?.data).toMatchObject({
      address: '乙',
      updatedAt: behindNow,
    });
    // The cursor is the server's version, not a time: a reader already past the "future" write still gets it.
    const next = await pullAll(server.app, street, reader, seen.last.cursor);
    expect(next.changes.find((c) => c.id === person.id)?.data).toMatchObject({ address: '乙' });
    // The overwritten value is logged, and the conflict record is dated by the server's clock.
    const conflict = (await server.store.scanRecords({ kinds: ['conflict'], unitIds: null }))
      .map((r) => r.data as Conflict)
      .find((x) => x.recordId === person.id && x.field === 'address');
    expect(conflict).toMatchObject({ overwrittenValue: '甲', appliedValue: '乙', appliedBy: w2.user.id });
    expect(Math.abs(Date.parse(conflict?.createdAt ?? '') - Date.now())).toBeLessThan(60_000);
  });
});
