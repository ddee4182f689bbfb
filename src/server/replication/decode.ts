import type { z } from 'zod';
import { ProtocolError } from '../../protocol/errors.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';
import { parseOr400 } from '../validate.ts';

/**
 * Decodes a sync request body: the protocol version first (SPEC.md P1: a client of another version gets
 * `protocol_version` even if the rest of its body has another shape), then the shared schema (P14).
 */
export function decodeSyncBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProtocolError('bad_request', '请求内容应为 JSON 对象');
  }
  const version = (body as Record<string, unknown>)['protocolVersion'];
  if (typeof version === 'number' && version !== PROTOCOL_VERSION) {
    throw new ProtocolError('protocol_version', '应用版本与服务器不一致，请更新应用', {
      server: PROTOCOL_VERSION,
      client: version,
    });
  }
  return parseOr400(schema, body);
}
