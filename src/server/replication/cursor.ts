import { createHash } from 'node:crypto';
import { ProtocolError } from '../../protocol/errors.ts';
import type { AreaFilter, Position } from '../storage/store.ts';

/**
 * The pull cursor (SPEC.md P6): the last `(version, id)` delivered and a fingerprint of the area it was
 * delivered for, base64url-encoded so that clients treat it as opaque. A cursor is not a secret and grants
 * nothing: the area filter applies to every page.
 *
 * Hazard: a cursor only says "everything of THIS area up to here". When the area changes (the user moved to
 * another unit, the org tree changed), older records of the new area were never delivered, so a cursor made
 * for another area restarts the pull from the beginning — and the device must drop what it holds of the old
 * area, which no tombstone will ever reach (C13): the restart is reported as `reset`.
 */
export const START: Position = { version: 0, id: '' };

export function areaKey(area: AreaFilter): string {
  const canonical =
    'all' in area
      ? 'all'
      : 'teamId' in area
        ? `team:${area.teamId}`
        : `units:${[...area.unitIds].sort().join(',')}`;
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

export function encodeCursor(p: Position, area: AreaFilter): string {
  return Buffer.from(`${p.version}.${p.id}.${areaKey(area)}`, 'utf8').toString('base64url');
}

const DECODED_RE = /^(0|[1-9]\d{0,15})\.([0-9a-f-]{0,36})\.([A-Za-z0-9_-]{12})$/;

/** Where a pull starts (SPEC.md P6). */
export interface PullStart {
  readonly after: Position;
  /**
   * True when the pull starts from the beginning of the area — no cursor, or a cursor of another area: the
   * pages that follow are the whole area, so the device replaces what it holds (C13).
   */
  readonly reset: boolean;
}

/** The position to pull after; START, with `reset`, when there is no cursor or it was made for another area. */
export function decodeCursor(cursor: string | null, area: AreaFilter): PullStart {
  if (cursor === null) return { after: START, reset: true };
  const m = DECODED_RE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m?.[1] || m[2] === undefined || m[3] === undefined) {
    throw new ProtocolError('bad_request', '同步游标无效', { cursor });
  }
  if (m[3] !== areaKey(area)) return { after: START, reset: true };
  return { after: { version: Number(m[1]), id: m[2] }, reset: false };
}
