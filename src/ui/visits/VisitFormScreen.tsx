import { chinaDate } from '../../model/dates.ts';
import { CAMPAIGNS, VISIT_METHODS } from '../../model/vocab.ts';
import type { Visit } from '../../model/records/visit.ts';
import { saveChanges, saveNew } from '../../stores/records.ts';
import { currentUser } from '../../stores/session.ts';
import { navigate } from '../app/router.ts';
import { draftKey } from '../forms/draft-keys.ts';
import { ChoiceGroup, SelectField, TextArea, TextField } from '../forms/fields.tsx';
import { FormShell } from '../forms/FormShell.tsx';
import { useRecordSubmit } from '../forms/use-record-submit.ts';
import { useDraftForm } from '../forms/use-draft-form.ts';
import { WithPerson, type PersonLite } from '../persons/WithPerson.tsx';
import type { ScreenProps } from '../app/screen.ts';
import { useVisitTriggers } from './use-visit-triggers.ts';
import { changedFields } from '../records/changed-fields.ts';
import { LocationField } from '../location/LocationField.tsx';
import { useLocationChoice } from '../location/use-location.ts';
import { withLocation } from '../location/with-location.ts';
import { checkVisit, emptyVisit, visitToValues, type VisitValues } from './visit-form.ts';

/** 记录走访 for a person. */
export default function VisitFormScreen({ params, query }: ScreenProps) {
  // Opened from the 待访清单: go back there after saving, so the worker sees the item gone and takes the next.
  const fromWorklist = query.get('from') === 'worklist';
  return (
    <WithPerson id={params['id'] ?? ''}>
      {(p) => <VisitForm person={p} fromWorklist={fromWorklist} />}
    </WithPerson>
  );
}

/** `editing`: 修改 of that stored visit (prefilled; saves only the changed fields), else a new visit. */
export function VisitForm({
  person,
  fromWorklist = false,
  editing,
}: {
  person: PersonLite;
  fromWorklist?: boolean;
  editing?: Visit;
}) {
  const f = useDraftForm<VisitValues>({
    key: editing ? draftKey.recordEdit('visit', editing.id) : draftKey.visitNew(person.id),
    form: 'visit',
    check: (x) => checkVisit(x, person),
    initial: editing ? visitToValues(editing) : emptyVisit(chinaDate(), currentUser()?.displayName ?? ''),
    title: person.name,
  });
  const where = useLocationChoice();
  const v = f.values;
  const triggers = useVisitTriggers(v.trigger);

  const { busy, formError, submit } = useRecordSubmit(f, {
    check: () => checkVisit(v, person),
    save: (c) =>
      editing
        ? saveChanges('visit', editing.id, changedFields(c.input, editing))
        : withLocation(where, c.input).then((input) => saveNew('visit', input)),
    done: () =>
      navigate(
        editing
          ? `/records/visit/${editing.id}?saved=1`
          : fromWorklist
            ? '/worklist?saved=visit'
            : `/persons/${person.id}?saved=visit`,
        { replace: true },
      ),
  });

  return (
    <FormShell
      title={`${editing ? '修改走访记录' : '记录走访'} · ${person.name}`}
      phase={f.phase}
      onResume={f.resume}
      onDiscard={() => void f.discard()}
      onSubmit={submit}
      busy={busy}
      formError={formError}
      draftError={f.draftError}
    >
      <TextField {...f.bind('date')} label="走访日期" type="date" required max={chinaDate()} />
      <TextField {...f.bind('visitors')} label="走访人员" required hint="多人用顿号分隔" />
      <ChoiceGroup {...f.bind('campaign')} label="走访类型" required options={CAMPAIGNS} />
      {v.campaign === '六必访' && (
        <SelectField
          {...f.bind('trigger')}
          label="走访情形"
          required
          hint="六必访情形由区级管理员设定"
          options={triggers ?? []}
        />
      )}
      <ChoiceGroup {...f.bind('method')} label="走访方式" required options={VISIT_METHODS} />
      <TextArea {...f.bind('situation')} label="基本情况" />
      <TextArea {...f.bind('needsRaised')} label="诉求/困难" />
      <TextArea {...f.bind('actionTaken')} label="处理情况" />
      <TextField {...f.bind('followUpDate')} label="回访日期" type="date" hint="需要再次走访时填写" />
      {!editing && <LocationField choice={where} />}
    </FormShell>
  );
}
