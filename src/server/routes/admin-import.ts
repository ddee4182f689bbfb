import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES } from '../../model/roles.ts';
import { IMPORT_PATHS, MAX_IMPORT_BYTES } from '../../protocol/import.ts';
import { runImport, toProtocolError } from '../import/service.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { auditContext, gatedUser, roleGate, type RouteOptions } from './guard.ts';

/**
 * POST /api/admin/import/preview?name=FILE and /commit?name=FILE — the file's bytes as the body
 * (`Content-Type: application/octet-stream`), at most MAX_IMPORT_BYTES (20 MiB). District admin only.
 * Preview answers the plan (counts to create/update, errors by row and column) and writes nothing; commit
 * writes everything in one transaction, or — when the file has any error — nothing, answering 400 with the plan
 * in `details`. The role is checked before the body is read (roleGate). The name tells CSV / XLSX / JSON lines apart when the content does not.
 */
export function adminImportRoutes(app: FastifyInstance, { store }: RouteOptions): void {
  // Encapsulated: the raw-bytes parser and the larger body limit apply to these two routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES + 1024 },
      (_req, body, done) => done(null, body),
    );
    for (const action of ['preview', 'commit'] as const) {
      const onRequest = roleGate(store, ADMIN_ROLES);
      scope.post(IMPORT_PATHS[action], { bodyLimit: MAX_IMPORT_BYTES + 1024, onRequest }, async (req) => {
        const user = gatedUser(req);
        if (!Buffer.isBuffer(req.body)) {
          throw new ProtocolError('bad_request', '请以 application/octet-stream 上传文件内容');
        }
        const name = (req.query as { name?: unknown }).name;
        const fileName = typeof name === 'string' ? name.slice(0, 200) : '';
        try {
          const outcome = await runImport(store, user, new Uint8Array(req.body), fileName, {
            commit: action === 'commit',
            audit: auditContext(req, user),
          });
          if (action === 'commit' && !outcome.committed && outcome.errorCount > 0) {
            throw new ProtocolError(
              'bad_request',
              `文件有 ${outcome.errorCount} 处错误，未导入任何数据`,
              outcome,
            );
          }
          return outcome;
        } catch (e) {
          throw toProtocolError(e);
        }
      });
    }
  });
}
