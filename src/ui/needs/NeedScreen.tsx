import { useState } from 'preact/hooks';
import { chinaDate } from '../../model/dates.ts';
import { fenToYuan } from '../../model/money.ts';
import { NEXT_STATUSES } from '../../model/need-workflow.ts';
import type { Need } from '../../model/records/need.ts';
import { FUND_SOURCES } from '../../model/vocab.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { needById, personById, stepsOf } from '../../stores/queries.ts';
import { saveChanges, saveNew, saveTogether } from '../../stores/records.ts';
import { RecordLocation } from '../records/RecordLocation.tsx';
import { currentUser } from '../../stores/session.ts';
import { Link } from '../app/Link.tsx';
import { draftKey } from '../forms/draft-keys.ts';
import { CheckGroup, SelectField, TextArea, TextField } from '../forms/fields.tsx';
import { FormShell } from '../forms/FormShell.tsx';
import { useRecordSubmit } from '../forms/use-record-submit.ts';
import { useDraftForm } from '../forms/use-draft-form.ts';
import type { ScreenProps } from '../app/screen.ts';
import {
  checkNeedStatus,
  emptyNeedStatus,
  NEED_STATUS_RENAME,
  type NeedStatusValues,
} from './need-status-form.ts';

/** 困难帮扶详情: the need, its append-only history, and the status change form. */
export default function NeedScreen({ params }: ScreenProps) {
  const id = params['id'] ?? '';
  const need = liveValue(
    useLiveQuery(() => needById(id).then((n) => n ?? null), [id]),
    undefined,
  );
  const steps = liveValue(
    useLiveQuery(() => stepsOf(id), [id]),
    [],
  );
  const personId = need?.personId ?? '';
  const person = liveValue(
    useLiveQuery(() => (personId ? personById(personId) : Promise.resolve(undefined)), [personId]),
    undefined,
  );
  if (need === undefined) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  if (need === null) return <p class="notice">找不到该困难需求。</p>;
  const open = NEXT_STATUSES[need.status].length > 0;
  return (
    <div class="stack">
      <h1>
        {need.category} · {need.status}
      </h1>
      <section class="card" aria-labelledby="need-details">
        <h2 id="need-details">需求情况</h2>
        <dl class="kv">
          <dt>服务对象</dt>
          <dd>{person ? <Link href={`/persons/${person.id}`}>{person.name}</Link> : '…'}</dd>
          <dt>紧急程度</dt>
          <dd>{need.urgency}</dd>
          <dt>登记日期</dt>
          <dd>{need.openedDate}</dd>
          <dt>困难描述</dt>
          <dd>{need.description}</dd>
          {need.followUpDate && (
            <>
              <dt>跟进日期</dt>
              <dd>{need.followUpDate}</dd>
            </>
          )}
          {need.fundSource && (
            <>
              <dt>资金来源</dt>
              <dd>{need.fundSource}</dd>
              <dt>帮扶金额</dt>
              <dd>{need.amountGrantedFen === null ? '—' : `${fenToYuan(need.amountGrantedFen)} 元`}</dd>
              <dt>发放日期</dt>
              <dd>{need.grantDate ?? '—'}</dd>
            </>
          )}
          {need.declineReason && (
            <>
              <dt>不予帮扶原因</dt>
              <dd>{need.declineReason}</dd>
            </>
          )}
        </dl>
        <RecordLocation
          kind="need"
          record={{ id: need.id, location: need.location, unitId: need.communityId }}
        />
      </section>
      <section class="card" aria-labelledby="need-history">
        <h2 id="need-history">办理进度</h2>
        {steps.length === 0 ? (
          <p class="muted">尚无进度记录。</p>
        ) : (
          <ol class="timeline">
            {steps.map((s) => (
              <li key={s.id}>
                <strong>
                  {s.from ? `${s.from} → ` : ''}
                  {s.to}
                </strong>
                <span class="muted">
                  {' '}
                  · {s.date} · {s.byName || s.createdBy}
                </span>
                {s.amountFen !== null && (
                  <div>
                    {s.fundSource} {fenToYuan(s.amountFen)} 元
                  </div>
                )}
                {s.note && <div>{s.note}</div>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {open ? (
        <section class="card">
          <NeedStatusForm need={need} />
        </section>
      ) : (
        <p class="muted">此需求已{need.status}，不能再更改状态。</p>
      )}
    </div>
  );
}

export function NeedStatusForm({ need }: { need: Need }) {
  const f = useDraftForm<NeedStatusValues>({
    key: draftKey.needStatus(need.id),
    form: 'needStatus',
    check: (x) => checkNeedStatus(x, need, chinaDate(), currentUser()?.displayName ?? ''),
    initial: emptyNeedStatus(chinaDate()),
  });
  const [done, setDone] = useState<string | null>(null);
  const v = f.values;

  const { busy, formError, submit } = useRecordSubmit(f, {
    onStart: () => setDone(null),
    check: () => checkNeedStatus(v, need, chinaDate(), currentUser()?.displayName ?? ''),
    // The status and its history step are one change: both saved, or neither.
    save: async (c) => {
      await saveTogether(['need', 'needStep'], async () => {
        await saveChanges('need', need.id, c.patch);
        await saveNew('needStep', c.step);
      });
      return c.step.to;
    },
    done: (to) => {
      f.reset(emptyNeedStatus(chinaDate()));
      setDone(`状态已改为“${to}”`);
    },
    rename: NEED_STATUS_RENAME,
  });

  const next = NEXT_STATUSES[need.status];
  return (
    <>
      {done && (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
      <FormShell
        title="更新办理状态"
        heading="h2"
        phase={f.phase}
        onResume={f.resume}
        onDiscard={() => void f.discard()}
        onSubmit={submit}
        busy={busy}
        formError={formError}
        draftError={f.draftError}
        submitLabel="更新状态"
      >
        <SelectField {...f.bind('to')} label="新状态" required options={next} />
        {v.to === '不予帮扶' ? (
          <TextArea {...f.bind('declineReason')} label="不予帮扶原因" required />
        ) : (
          <TextArea {...f.bind('note')} label="办理说明" />
        )}
        {v.to === '已帮扶' && (
          <>
            <CheckGroup
              name="withFund"
              label="帮扶基金"
              options={['使用帮扶基金']}
              values={v.withFund === 'yes' ? ['使用帮扶基金'] : []}
              onValues={(x) => f.set('withFund', x.length ? 'yes' : '')}
            />
            {v.withFund === 'yes' && (
              <>
                <SelectField {...f.bind('fundSource')} label="资金来源" required options={FUND_SOURCES} />
                <TextField {...f.bind('amount')} label="帮扶金额（元）" required inputMode="decimal" />
                <TextField {...f.bind('grantDate')} label="发放日期" type="date" required max={chinaDate()} />
              </>
            )}
          </>
        )}
      </FormShell>
    </>
  );
}
