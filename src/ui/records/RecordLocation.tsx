import { useState } from 'preact/hooks';
import { LOCATION_MASKED, locationText, type RecordLocation as Place } from '../../model/records/location.ts';
import type { LocatedKind } from '../../model/records/reveal.ts';
import { LOCATION_ROLES } from '../../model/roles.ts';
import { noteLocationReveal } from '../../stores/records.ts';
import { currentUser } from '../../stores/session.ts';

/**
 * 位置 of a saved record (SPEC.md S11). Street staff and the district admin see `已记录位置` and 显示位置, which
 * shows the place with its accuracy and queues a `reveal` for the audit log (like a whole ID number, S7). Others
 * — the worker who saved it included: a place is evidence for the supervisor, not a convenience for the
 * author, and their devices never receive one (pulls strip it) — read only that one was recorded. Why none was
 * taken names no place and is shown to all. Nothing at all when the record has no `location`.
 */
export function RecordLocation({
  kind,
  record,
}: {
  kind: LocatedKind;
  record: { readonly id: string; readonly location?: Place | undefined; readonly unitId: string };
}) {
  const [shown, setShown] = useState(false);
  const place = record.location;
  if (!place) return null;
  const user = currentUser();
  const may = user !== null && LOCATION_ROLES.has(user.role);
  const text =
    place.status !== 'ok'
      ? locationText(place)
      : !may
        ? LOCATION_MASKED
        : shown
          ? locationText(place)
          : '已记录位置';
  const reveal = () => {
    setShown(true);
    // Never blocks the screen: a failed queue loses only this audit entry (as noteReveal on the person page).
    void noteLocationReveal({ kind, id: record.id, unitId: record.unitId }).catch(() => undefined);
  };
  return (
    <dl class="kv">
      <dt>位置</dt>
      <dd data-testid="record-location">
        {text}
        {place.status === 'ok' && may && !shown && (
          <>
            {' '}
            <button type="button" class="btn" onClick={reveal}>
              显示位置
            </button>
          </>
        )}
      </dd>
    </dl>
  );
}
