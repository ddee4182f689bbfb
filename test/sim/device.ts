import { ZoufangDB, type OutboxEntry } from '../../src/db/database.ts';
import { createDexieReplica } from '../../src/db/dexie-replica.ts';
import { createRecord, deleteRecord, updateRecord, type Actor } from '../../src/db/repository.ts';
import { idCheckChar } from '../../src/model/id-number.ts';
import { newId } from '../../src/model/ids.ts';
import type { Kind } from '../../src/model/kinds.ts';
import { NEXT_STATUSES } from '../../src/model/need-workflow.ts';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine.ts';
import { createMemoryLock } from '../../src/sync/lock.ts';
import { createSessionManager, type SessionManager } from '../../src/sync/session.ts';
import { createHttpTransport } from '../../src/sync/transport.ts';
import { newPerson, newVisit } from '../fixtures/records.ts';
import { faultySend, type Network } from './faulty-send.ts';
import type { Rng } from './rng.ts';

/** What the simulation knows independently of the system under test (the oracle). */
export interface Oracle {
  /** Every mutation a device generated: id → entry. */
  readonly generated: Map<string, OutboxEntry & { device: string }>;
  /** `recordId|field|json`: values a device showed and its worker deliberately replaced. */
  readonly seen: Set<string>;
  /** Records created on a device (create mutation id per record). */
  readonly created: Map<string, string>;
}

export const CHECKED_FIELDS: Partial<Record<Kind, string>> = { need: 'description', person: 'address' };

let dbCounter = 0;

/** One simulated phone: its own IndexedDB (fake-indexeddb), engine, session, skewed clock and faults. */
export class Device {
  readonly db: ZoufangDB;
  readonly engine: SyncEngine;
  readonly session: SessionManager;
  offline = false;
  userId = '';
  unitId = '';
  private n = 0;
  private tentative: (OutboxEntry & { device: string })[] = [];

  constructor(
    readonly name: string,
    readonly index: number,
    readonly rng: Rng,
    net: Network,
    readonly oracle: Oracle,
    skewMs: number,
  ) {
    this.db = new ZoufangDB(`sim-${process.pid}-${++dbCounter}-${name}`);
    this.db.outbox.hook('creating', (_pk, obj) => {
      this.tentative.push({ ...obj, device: name });
    });
    const transport = createHttpTransport(faultySend(net, rng, () => this.offline));
    const replica = createDexieReplica(this.db);
    this.session = createSessionManager({ cache: replica.session, transport });
    this.clock = () => new Date(Date.now() + skewMs);
    this.engine = createSyncEngine({
      replica,
      transport,
      getToken: () => this.session.getToken(),
      clock: this.clock,
      random: () => rng.float(),
      lock: createMemoryLock(),
      installTriggers: () => () => undefined,
      onLocalWrite: () => () => undefined,
      requestBackgroundSync: () => Promise.resolve(),
      isOnline: () => true,
      pushBatchSize: 3,
      pullLimit: 4,
    });
  }

  readonly clock: () => Date;

  get actor(): Actor {
    return { userId: this.userId, now: this.clock };
  }

  /** Runs one local write; its outbox entries count as generated only if the write committed. */
  private async write(fn: () => Promise<unknown>): Promise<void> {
    this.tentative = [];
    try {
      await fn();
      for (const e of this.tentative) this.oracle.generated.set(e.mutationId, e);
    } catch {
      // e.g. the record was removed by a pull a moment ago: the repository refuses, nothing is queued.
    } finally {
      this.tentative = [];
    }
  }

  private idNumber(): string {
    this.n++;
    const d = new Date(Date.UTC(1950, 0, 1) + (this.n * 8 + this.index) * 86_400_000);
    const birth = d.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `440310${birth}${String(this.index).padStart(2, '0')}1`;
    return first17 + idCheckChar(first17);
  }

  private uniq(label: string): string {
    return `${label}-${this.name}-${++this.n}`;
  }

  /** One random action of a worker. */
  async act(): Promise<void> {
    const r = this.rng;
    const persons = await this.db.person.where('communityId').equals(this.unitId).toArray();
    const needs = await this.db.need.toArray();
    const visits = await this.db.visit.toArray();
    const roll = r.int(0, 99);
    const community = this.unitId.endsWith('000') ? persons[0]?.communityId : this.unitId;
    if (roll < 12 || (persons.length === 0 && community !== undefined && !this.unitId.endsWith('000'))) {
      if (community === undefined) return;
      const id = newId();
      await this.write(async () => {
        await createRecord(
          this.db,
          'person',
          {
            ...newPerson({ name: `对象${this.n}`, address: this.uniq('地址'), communityId: community }),
            id,
            idNumber: this.idNumber(),
            sex: '男',
          },
          this.actor,
        );
        this.oracle.created.set(id, 'person');
      });
      return;
    }
    const person = r.pick(persons) ?? r.pick(await this.db.person.toArray());
    if (!person) return;
    if (roll < 25) {
      const id = newId();
      await this.write(async () => {
        await createRecord(
          this.db,
          'visit',
          { ...newVisit(person.id, { communityId: person.communityId }), id },
          this.actor,
        );
        this.oracle.created.set(id, 'visit');
      });
    } else if (roll < 37) {
      const id = newId();
      await this.write(async () => {
        await createRecord(
          this.db,
          'need',
          {
            id,
            personId: person.id,
            communityId: person.communityId,
            category: '医疗健康',
            urgency: '一般',
            description: this.uniq('描述'),
            status: '登记',
            fundSource: null,
            amountGrantedFen: null,
            grantDate: null,
            declineReason: null,
            followUpDate: null,
            openedDate: '2026-11-20',
            closedDate: null,
          },
          this.actor,
        );
        this.oracle.created.set(id, 'need');
      });
    } else if (roll < 70) {
      // Concurrent edits of one need: every device picks among the few needs of the community.
      const need = r.pick(needs);
      if (!need) return;
      const value = this.uniq('描述');
      this.oracle.seen.add(`${need.id}|description|${JSON.stringify(need.description)}`);
      const patch: Record<string, unknown> = { description: value };
      if (r.chance(0.3)) patch['urgency'] = r.pick(['一般', '较急', '紧急'] as const);
      await this.write(() => updateRecord(this.db, 'need', need.id, patch, this.actor));
    } else if (roll < 80) {
      const value = this.uniq('地址');
      this.oracle.seen.add(`${person.id}|address|${JSON.stringify(person.address)}`);
      await this.write(() => updateRecord(this.db, 'person', person.id, { address: value }, this.actor));
    } else if (roll < 86) {
      const need = r.pick(needs);
      if (!need) return;
      const to = r.pick(NEXT_STATUSES[need.status]);
      if (!to) return;
      const id = newId();
      await this.write(async () => {
        await updateRecord(this.db, 'need', need.id, { status: to }, this.actor);
        await createRecord(
          this.db,
          'needStep',
          {
            id,
            needId: need.id,
            personId: need.personId,
            communityId: need.communityId,
            from: need.status,
            to,
            date: '2026-11-21',
            note: '',
            byName: this.name,
            fundSource: null,
            amountFen: null,
          },
          this.actor,
        );
        this.oracle.created.set(id, 'needStep');
      });
    } else if (roll < 91) {
      const visit = r.pick(visits);
      if (visit) await this.write(() => deleteRecord(this.db, 'visit', visit.id, this.actor));
    } else if (roll < 94) {
      const need = r.pick(needs);
      if (need) await this.write(() => deleteRecord(this.db, 'need', need.id, this.actor));
    } else if (roll < 96) {
      // A write outside the worker's area (a forged community id): the server must refuse it, nothing lost.
      const id = newId();
      const foreign = this.unitId === '440310002001' ? '440310001001' : '440310002001';
      await this.write(async () => {
        await createRecord(
          this.db,
          'visit',
          { ...newVisit(person.id, { communityId: foreign }), id },
          this.actor,
        );
        this.oracle.created.set(id, 'visit');
      });
    } else {
      this.offline = !this.offline;
    }
  }

  async dispose(): Promise<void> {
    this.engine.stop();
    this.db.close();
    await this.db.delete();
  }
}
