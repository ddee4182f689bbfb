import { useEffect, useState } from 'preact/hooks';
import { CORRECTABLE, correctionRefusal } from '../../model/corrections.ts';
import { chinaTime } from '../../model/dates.ts';
import { isKind, KIND_LABELS } from '../../model/kinds.ts';
import type { OrgIndex } from '../../model/org.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { loadOrg, unitLabel } from '../../stores/org.ts';
import { personById, recordById } from '../../stores/queries.ts';
import { saveChanges } from '../../stores/records.ts';
import { currentUser } from '../../stores/session.ts';
import { Link } from '../app/Link.tsx';
import type { ScreenProps } from '../app/screen.ts';
import { Missing } from './Missing.tsx';
import { TextArea } from '../forms/fields.tsx';
import { saveErrors } from '../forms/save-errors.ts';
import { FIELD_LABELS, fieldText } from './field-labels.ts';
import { RecordHistory } from './RecordHistory.tsx';
import { RecordLocation } from './RecordLocation.tsx';

type Correctable = 'visit' | 'condolence' | 'activity';

function isCorrectable(kind: string): kind is Correctable {
  return isKind(kind) && CORRECTABLE.has(kind);
}

/** Fields shown in the body; the void fields are shown apart, in the 已作废 notice. */
const HIDDEN = new Set(['voidedAt', 'voidReason']);

/**
 * One visit, condolence or activity (/records/:kind/:id): its fields by their form labels, 修改 and 作废 for
 * those the server lets correct it (SPEC.md S10), and its revisions (online). A voided record says so, with its reason.
 */
export default function RecordScreen({ params, query }: ScreenProps) {
  const kind = params['kind'] ?? '';
  const id = params['id'] ?? '';
  if (!isCorrectable(kind)) return <Missing text="没有这类记录。" />;
  return <RecordView kind={kind} id={id} saved={query.get('saved') === '1'} />;
}

function RecordView({ kind, id, saved }: { kind: Correctable; id: string; saved: boolean }) {
  const record = liveValue(
    useLiveQuery(() => recordById(kind, id).then((r) => r ?? null), [kind, id]),
    undefined,
  );
  const personId = record && 'personId' in record ? record.personId : null;
  const person = liveValue(
    useLiveQuery(() => (personId ? personById(personId) : Promise.resolve(undefined)), [personId]),
    undefined,
  );
  const [org, setOrg] = useState<OrgIndex | null>(null);
  useEffect(() => {
    void loadOrg().then(setOrg);
  }, []);

  if (record === undefined) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  if (record === null) return <Missing text="找不到该记录（可能已被删除或不在本机区域）。" />;

  const user = currentUser();
  const refusal = user ? correctionRefusal(user, kind, record.createdBy) : '请先登录';
  const labels = FIELD_LABELS[kind] ?? {};
  const data = record as unknown as Record<string, unknown>;
  const shown = (field: string, value: unknown): string => {
    if (field === 'communityId' && org && typeof value === 'string') return unitLabel(org, value);
    if (field === 'teamId' && org && typeof value === 'string') return org.teams.get(value)?.name ?? value;
    return fieldText(field, value);
  };
  const about = person?.name ?? ('unitName' in record ? record.unitName : null) ?? '';

  return (
    <div class="stack">
      <h1>
        {KIND_LABELS[kind]}
        {about ? ` · ${about}` : ''}
      </h1>
      {saved && (
        <p class="notice notice-ok" role="status">
          已保存到本机，联网后自动同步。
        </p>
      )}
      {record.voidedAt !== undefined && (
        <p class="notice voided" data-testid="voided">
          已作废：{record.voidReason ?? ''}（{chinaTime(record.voidedAt)}）。此记录不计入任何统计。
        </p>
      )}
      <section class="card" aria-labelledby="record-details">
        <h2 id="record-details">记录内容</h2>
        <dl class="kv">
          {Object.entries(labels)
            .filter(([field]) => !HIDDEN.has(field) && field in data)
            .map(([field, label]) => (
              <>
                <dt>{label}</dt>
                <dd>{shown(field, data[field])}</dd>
              </>
            ))}
        </dl>
        <RecordLocation
          kind={kind}
          record={{
            id: record.id,
            location: record.location,
            unitId: 'unitId' in record ? record.unitId : record.communityId,
          }}
        />
        {person && (
          <p>
            <Link href={`/persons/${person.id}`}>查看服务对象 {person.name}</Link>
          </p>
        )}
        {record.voidedAt === undefined &&
          (refusal === null ? <Actions kind={kind} id={id} /> : <p class="muted small">{refusal}</p>)}
      </section>
      <RecordHistory kind={kind} id={id} version={record._v} />
    </div>
  );
}

/** 修改 and 作废 (a void needs its reason; it is an edit, so it syncs and keeps a revision like any other). */
function Actions({ kind, id }: { kind: Correctable; id: string }) {
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirmVoid = async () => {
    if (!reason.trim()) {
      setError('请填写作废原因');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await saveChanges(kind, id, {
        voidedAt: new Date().toISOString(),
        voidedBy: currentUser()?.id ?? 'unknown',
        voidReason: reason.trim(),
      });
      setVoiding(false);
    } catch (err) {
      const r = saveErrors(err);
      setError(r.fields['voidReason'] ?? r.form ?? '作废未能保存');
    } finally {
      setBusy(false);
    }
  };

  if (!voiding) {
    return (
      <div class="btn-row">
        <Link class="btn" href={`/records/${kind}/${id}/edit`}>
          修改
        </Link>
        <button type="button" class="btn" onClick={() => setVoiding(true)}>
          作废
        </button>
      </div>
    );
  }
  return (
    <div class="stack">
      <TextArea
        name="voidReason"
        label="作废原因"
        required
        value={reason}
        maxLength={200}
        hint="作废后记录保留，但不计入任何统计"
        {...(error ? { error } : {})}
        onValue={(v) => {
          setReason(v);
          if (v.trim()) setError(null);
        }}
      />
      <div class="btn-row">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void confirmVoid()}>
          确认作废
        </button>
        <button type="button" class="btn" onClick={() => setVoiding(false)}>
          取消
        </button>
      </div>
    </div>
  );
}
