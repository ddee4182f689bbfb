import type { FastifyInstance } from 'fastify';
import { STAFF_ROLES } from '../../model/roles.ts';
import { mergeRequestSchema, type MergeResponse } from '../../protocol/merge.ts';
import { mergePersons } from '../replication/merge.ts';
import { parseOr400 } from '../validate.ts';
import { auditContext, gatedUser, roleGate, type RouteOptions } from './guard.ts';

/** POST /api/persons/:id/merge (SPEC.md P19): street staff merge a duplicate file into `:id`, the survivor. */
export function personRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  app.post<{ Params: { id: string } }>(
    '/api/persons/:id/merge',
    { onRequest: roleGate(store, STAFF_ROLES) },
    async (req): Promise<MergeResponse> => {
      const user = gatedUser(req);
      const body = parseOr400(mergeRequestSchema, req.body);
      return mergePersons(store, user, req.params.id, body.duplicateId, auditContext(req, user));
    },
  );
}
