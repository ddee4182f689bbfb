import { useState } from 'preact/hooks';
import { chinaDate } from '../../model/dates.ts';
import { CAMPAIGNS, DEFAULT_TRIGGERS, VISIT_METHODS } from '../../model/vocab.ts';
import { saveNew } from '../../stores/records.ts';
import { currentUser } from '../../stores/session.ts';
import { navigate } from '../app/router.ts';
import { draftKey } from '../forms/draft-keys.ts';
import { ChoiceGroup, SelectField, TextArea, TextField } from '../forms/fields.tsx';
import { FormShell } from '../forms/FormShell.tsx';
import { useRecordSubmit } from '../forms/use-record-submit.ts';
import { useDraftForm } from '../forms/use-draft-form.ts';
import { WithPerson, type PersonLite } from '../persons/WithPerson.tsx';
import type { ScreenProps } from '../routes.tsx';
import { checkVisit, emptyVisit, type VisitValues } from './visit-form.ts';

/** 记录走访 for a person. */
export default function VisitFormScreen({ params }: ScreenProps) {
  return <WithPerson id={params['id'] ?? ''}>{(p) => <VisitForm person={p} />}</WithPerson>;
}

export function VisitForm({ person }: { person: PersonLite }) {
  const f = useDraftForm<VisitValues>({
    key: draftKey.visitNew(person.id),
    form: 'visit',
    initial: emptyVisit(chinaDate(), currentUser()?.displayName ?? ''),
    title: person.name,
  });
  const [gpsNote, setGpsNote] = useState<string | null>(null);
  const v = f.values;
  const e = f.errors;

  const { busy, formError, submit } = useRecordSubmit(f, {
    check: () => checkVisit(v, person),
    save: (c) => saveNew('visit', c.input),
    done: () => navigate(`/persons/${person.id}?saved=visit`, { replace: true }),
  });

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setGpsNote('此设备不支持定位');
      return;
    }
    setGpsNote('正在获取位置…');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        f.set('lat', pos.coords.latitude.toFixed(6));
        f.set('lng', pos.coords.longitude.toFixed(6));
        setGpsNote('已记录位置');
      },
      () => setGpsNote('未能获取位置（可不填）'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <FormShell
      title={`记录走访 · ${person.name}`}
      phase={f.phase}
      onResume={f.resume}
      onDiscard={() => void f.discard()}
      onSubmit={submit}
      busy={busy}
      formError={formError}
      draftError={f.draftError}
    >
      <TextField
        name="date"
        label="走访日期"
        type="date"
        required
        max={chinaDate()}
        value={v.date}
        error={e['date']}
        onValue={(x) => f.set('date', x)}
      />
      <TextField
        name="visitors"
        label="走访人员"
        required
        value={v.visitors}
        error={e['visitors']}
        hint="多人用顿号分隔"
        onValue={(x) => f.set('visitors', x)}
      />
      <ChoiceGroup
        name="campaign"
        label="走访类型"
        required
        options={CAMPAIGNS}
        value={v.campaign}
        error={e['campaign']}
        onValue={(x) => f.set('campaign', x)}
      />
      {v.campaign === '六必访' && (
        <SelectField
          name="trigger"
          label="走访情形"
          required
          options={DEFAULT_TRIGGERS}
          value={v.trigger}
          error={e['trigger']}
          onValue={(x) => f.set('trigger', x)}
        />
      )}
      <ChoiceGroup
        name="method"
        label="走访方式"
        required
        options={VISIT_METHODS}
        value={v.method}
        error={e['method']}
        onValue={(x) => f.set('method', x)}
      />
      <TextArea
        name="situation"
        label="基本情况"
        value={v.situation}
        error={e['situation']}
        onValue={(x) => f.set('situation', x)}
      />
      <TextArea
        name="needsRaised"
        label="诉求/困难"
        value={v.needsRaised}
        error={e['needsRaised']}
        onValue={(x) => f.set('needsRaised', x)}
      />
      <TextArea
        name="actionTaken"
        label="处理情况"
        value={v.actionTaken}
        error={e['actionTaken']}
        onValue={(x) => f.set('actionTaken', x)}
      />
      <TextField
        name="followUpDate"
        label="回访日期"
        type="date"
        value={v.followUpDate}
        error={e['followUpDate']}
        hint="需要再次走访时填写"
        onValue={(x) => f.set('followUpDate', x)}
      />
      <div class="field">
        <div class="inline">
          <button type="button" class="btn" onClick={locate}>
            记录当前位置
          </button>
          <span role="status" class="muted">
            {gpsNote ?? (v.lat ? `位置 ${v.lat}, ${v.lng}` : '位置可不填')}
          </span>
        </div>
      </div>
    </FormShell>
  );
}
