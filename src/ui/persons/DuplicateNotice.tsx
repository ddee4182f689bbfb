import { useState } from 'preact/hooks';
import type { Person } from '../../model/records/person.ts';
import { STAFF_ROLES } from '../../model/roles.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { personById } from '../../stores/queries.ts';
import { sessionStore } from '../../stores/session.ts';
import { useStore } from '../../stores/use-store.ts';
import { navigate } from '../app/router.ts';
import { Link } from '../app/Link.tsx';

/**
 * On the page of a duplicate file (SPEC.md P19: the server found the ID number already registered): a link to
 * the file that stays, and for street staff and the district admin 合并到已有档案, which moves every record of
 * this file there (online; the server keeps this file's contents in the audit log).
 */
export function DuplicateNotice({ person }: { person: Person }) {
  const originalId = person.duplicateOf ?? '';
  const original = liveValue(
    useLiveQuery(() => personById(originalId).then((p) => p ?? null), [originalId]),
    null,
  );
  const role = useStore(sessionStore, (s) => (s.status === 'signed-in' ? s.session.user.role : null));
  const staff = role !== null && STAFF_ROLES.includes(role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!person.duplicateOf) return null;

  const merge = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const { mergeDuplicate } = await import('../../stores/merge.ts');
    const r = await mergeDuplicate(originalId, person.id);
    setBusy(false);
    if (r.ok) navigate(`/persons/${originalId}?merged=${r.moved}`, { replace: true });
    else setError(r.message);
  };

  return (
    <section class="notice notice-warn" aria-labelledby="duplicate-title" data-testid="duplicate-notice">
      <h2 id="duplicate-title">重复档案，待合并</h2>
      <p>
        该身份证号已有档案
        {original ? (
          <>
            ：<Link href={`/persons/${original.id}`}>{original.name}</Link>
          </>
        ) : (
          '（不在本机区域）'
        )}
        。本档案不计入人员统计，其走访、慰问等记录照常计数；合并后全部记录转入已有档案。
      </p>
      {staff ? (
        <div class="btn-row">
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void merge()}>
            {busy ? '正在合并…' : '合并到已有档案'}
          </button>
        </div>
      ) : (
        <p>请街道工作人员合并。</p>
      )}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
