import { useEffect, useState } from 'preact/hooks';
import { checkIdNumber } from '../../model/id-number.ts';
import type { Person } from '../../model/records/person.ts';
import { personsWithIdNumber } from '../../stores/queries.ts';
import { Link } from '../app/Link.tsx';

/**
 * 一人一档 on the device (SPEC.md P19): as soon as the ID number is valid, the persons of this device's area
 * already holding it, other than `selfId` (the person being edited). Offline-safe: reads IndexedDB only.
 */
function useTwins(idNumber: string, selfId: string | null): Person[] {
  const [twins, setTwins] = useState<Person[]>([]);
  const r = checkIdNumber(idNumber);
  const value = r.ok ? r.value : null;
  useEffect(() => {
    let live = true;
    const look = async (): Promise<void> => {
      const rows = value === null ? [] : await personsWithIdNumber(value);
      if (live) setTwins(rows.filter((p) => p.id !== selfId));
    };
    void look();
    return () => {
      live = false;
    };
  }, [value, selfId]);
  return twins;
}

/**
 * The warning under the ID number field, with a link to each existing file. Saving stays possible: a worker
 * offline cannot ask the server, which then keeps the new file as a duplicate for street staff to merge; a
 * changed ID number that is taken is refused by the server and comes back as a refused change.
 */
export function IdNumberTwin({ idNumber, selfId }: { idNumber: string; selfId: string | null }) {
  const twins = useTwins(idNumber, selfId);
  if (twins.length === 0) return null;
  return (
    <div class="notice notice-warn" role="alert" data-testid="id-number-twin">
      <p>
        该身份证号已有服务对象档案（一人一档）：
        {twins.map((p, i) => (
          <span key={p.id}>
            {i > 0 ? '、' : ''}
            <Link href={`/persons/${p.id}`}>{p.name}</Link>
          </span>
        ))}
        。
      </p>
      <p>
        {selfId === null
          ? '请打开已有档案记录，不要重复登记。仍要保存的，将作为重复档案，由街道工作人员合并。'
          : '同一身份证号只能有一份档案，保存将被服务器拒绝。'}
      </p>
    </div>
  );
}
