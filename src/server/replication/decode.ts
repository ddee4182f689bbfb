import type { z } from 'zod';
import { ProtocolError } from '../../protocol/errors.ts';
import { PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '../../protocol/version.ts';
import { parseOr400 } from '../validate.ts';

/**
 * Decodes a sync request body: the protocol version first (SPEC.md P1: a client of another version gets
 * `protocol_version` even if the rest of its body has another shape), then the shared schema (P14).
 */
export function decodeSyncBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseOr400(schema, checkVersion(body));
}

/**
 * The body as an object whose `protocolVersion`, if a number, is one the server speaks (P1); returns it (P16:
 * the caller picks the schema of that version).
 */
export function checkVersion(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProtocolError('bad_request', '请求内容应为 JSON 对象');
  }
  const version = (body as Record<string, unknown>)['protocolVersion'];
  if (typeof version === 'number' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    throw new ProtocolError('protocol_version', '应用版本与服务器不一致，请更新应用', {
      server: PROTOCOL_VERSION,
      client: version,
    });
  }
  return body as Record<string, unknown>;
}
