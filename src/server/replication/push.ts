import { OrgIndex } from '../../model/org.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Mutation } from '../../protocol/mutation.ts';
import {
  pushRequestSchema,
  pushRequestSchemaV1,
  type DecodedPush,
  type PushResponse,
} from '../../protocol/push.ts';
import type { Kind } from '../../model/kinds.ts';
import { parseOr400 } from '../validate.ts';
import type { AuditEntry, MutationRow, Store } from '../storage/store.ts';
import { acceptReveal, revealPersonId } from './reveal.ts';
import { ChangeSet, movedPersonIds, personIdNumbers, referencedIds } from './change-set.ts';
import { checkVersion } from './decode.ts';

function isRecordMutation(m: Mutation): m is Mutation & { kind: Kind } {
  return m.kind !== 'reveal';
}

/** Re-throws a refusal naming the mutation (SPEC.md P5) so that the client can set exactly that entry aside. */
function naming(e: unknown, m: Mutation): unknown {
  if (!(e instanceof ProtocolError)) return e;
  const details = typeof e.details === 'object' && e.details !== null ? e.details : {};
  return new ProtocolError(e.reason, e.message, { ...details, mutationId: m.id, seq: m.seq });
}

/**
 * POST /api/sync/push: decode → validate → apply in ONE transaction → encode (SPEC.md P1–P5, P10–P14, S3, S4).
 * Mutations at or below the client's lastSeq are acknowledged without effect (replays); the new ones must
 * continue the sequence without a gap; one refusal stores nothing of the push.
 */
/**
 * The push body in the current shape (P16): a version 1 body (client id on each mutation, which must be the
 * push's) is checked and turned into the version 2 shape.
 */
function decodePush(body: unknown): DecodedPush {
  const obj = checkVersion(body);
  if (obj['protocolVersion'] !== 1) return parseOr400(pushRequestSchema, obj);
  const v1 = parseOr400(pushRequestSchemaV1, obj);
  const mutations = v1.mutations.map(({ clientId, ...m }) => {
    if (clientId !== v1.clientId) {
      throw new ProtocolError('bad_request', '变更的设备编号与请求不一致', { mutationId: m.id, seq: m.seq });
    }
    return m;
  });
  return { protocolVersion: 1, clientId: v1.clientId, mutations };
}

export async function handlePush(
  store: Store,
  user: SessionUser,
  body: unknown,
  /** The caller's address, for the audit rows of reveals. */
  address: string | null = null,
): Promise<PushResponse> {
  const req = decodePush(body);
  const firstSeq = req.mutations[0]?.seq ?? 0;
  req.mutations.forEach((m, i) => {
    if (m.seq !== firstSeq + i) {
      throw new ProtocolError('out_of_order', '变更序号不连续', {
        mutationId: m.id,
        seq: m.seq,
        expectedSeq: firstSeq + i,
      });
    }
  });
  return store.write(async (tx) => {
    const client = await tx.client(req.clientId);
    if (client && client.userId !== user.id) {
      throw new ProtocolError('forbidden', '该设备编号属于另一用户', { clientId: req.clientId });
    }
    const lastSeq = client?.lastSeq ?? 0;

    const replayed = req.mutations.filter((m) => m.seq <= lastSeq);
    if (replayed.length > 0) {
      const stored = await tx.mutationIds(
        req.clientId,
        replayed.map((m) => m.seq),
      );
      for (const m of replayed) {
        const id = stored.get(m.seq);
        if (id !== undefined && id !== m.id) {
          throw new ProtocolError('replay_mismatch', '该序号已被另一变更使用', {
            mutationId: m.id,
            seq: m.seq,
            storedMutationId: id,
          });
        }
      }
    }

    const fresh = req.mutations.filter((m) => m.seq > lastSeq);
    const first = fresh[0];
    if (!first) return { lastSeq, version: tx.version };
    if (first.seq !== lastSeq + 1) {
      // `lastSeq` lets a device whose outbox starts past it (this server was restored from a backup) renumber
      // its outbox to follow it (C14) instead of retrying the same gap forever.
      throw new ProtocolError('out_of_order', '变更序号不连续，缺少之前的变更', {
        mutationId: first.id,
        seq: first.seq,
        expectedSeq: lastSeq + 1,
        lastSeq,
      });
    }

    // The tree as of this transaction: an org change cannot land between the scope checks and the commit.
    const org = new OrgIndex(await tx.org());
    // Records change through the ChangeSet; events (reveals) become audit rows (SPEC.md S7).
    const records = fresh.filter(isRecordMutation);
    const reveals = fresh.filter((m) => m.kind === 'reveal').map(revealPersonId);
    const loaded = await tx.records([
      ...new Set([...records.flatMap(referencedIds), ...reveals.filter((id) => id !== null)]),
    ]);
    const movers = movedPersonIds(records);
    if (movers.length > 0)
      for (const r of await tx.dependents(movers)) if (!loaded.has(r.id)) loaded.set(r.id, r);
    const idNumbers = personIdNumbers(records);
    if (idNumbers.length > 0)
      for (const r of await tx.personsByIdNumber(idNumbers)) if (!loaded.has(r.id)) loaded.set(r.id, r);
    const changes = new ChangeSet(loaded, tx.version, org, user, false);
    const events: AuditEntry[] = [];
    const rows: MutationRow[] = fresh.map((m) => {
      let version: number;
      try {
        if (isRecordMutation(m)) version = changes.apply(m);
        else {
          events.push(
            acceptReveal(m, changes.row(revealPersonId(m) ?? ''), org, user, address, req.clientId),
          );
          version = changes.version;
        }
      } catch (e) {
        throw naming(e, m);
      }
      const { id: mutationId, seq, kind, recordId, op } = m;
      return { clientId: req.clientId, seq, mutationId, userId: user.id, kind, recordId, op, version };
    });
    // Rare (a conflict): only then are the overwritten writers' names read, for the conflict screen.
    const writers = changes.conflictWriters();
    if (writers.length > 0) changes.nameConflictWriters(await tx.userNames(writers));
    const newLastSeq = lastSeq + fresh.length;
    await tx.save({
      records: changes.records(),
      mutations: rows,
      audit: [...changes.audit, ...events],
      client: { clientId: req.clientId, userId: user.id, lastSeq: newLastSeq },
      version: changes.version,
    });
    return { lastSeq: newLastSeq, version: changes.version };
  });
}
