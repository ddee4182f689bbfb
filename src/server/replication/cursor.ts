import { ProtocolError } from '../../protocol/errors.ts';
import type { Position } from '../storage/store.ts';

/**
 * The pull cursor (SPEC.md P6): the last `(version, id)` delivered, base64url-encoded so that clients treat it
 * as opaque. A cursor is not a secret and grants nothing: the area filter applies to every page.
 */
export const START: Position = { version: 0, id: '' };

export function encodeCursor(p: Position): string {
  return Buffer.from(`${p.version}.${p.id}`, 'utf8').toString('base64url');
}

const DECODED_RE = /^(0|[1-9]\d{0,15})\.([0-9a-f-]{0,36})$/;

export function decodeCursor(cursor: string | null): Position {
  if (cursor === null) return START;
  const m = DECODED_RE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m?.[1] || m[2] === undefined) throw new ProtocolError('bad_request', '同步游标无效', { cursor });
  return { version: Number(m[1]), id: m[2] };
}
