import { useEffect, useState } from 'preact/hooks';
import { chinaDate } from '../../model/dates.ts';
import type { OrgUnit } from '../../model/org.ts';
import { GIVING_LEVELS, OCCASIONS } from '../../model/vocab.ts';
import { myCommunities } from '../../stores/org.ts';
import type { Condolence } from '../../model/records/condolence.ts';
import { saveChanges, saveNew } from '../../stores/records.ts';
import { currentUser } from '../../stores/session.ts';
import { navigate } from '../app/router.ts';
import { draftKey } from '../forms/draft-keys.ts';
import { ChoiceGroup, SelectField, TextArea, TextField } from '../forms/fields.tsx';
import { FormShell } from '../forms/FormShell.tsx';
import { useRecordSubmit } from '../forms/use-record-submit.ts';
import { LocationField } from '../location/LocationField.tsx';
import { useLocationChoice } from '../location/use-location.ts';
import { withLocation } from '../location/with-location.ts';
import { useDraftForm } from '../forms/use-draft-form.ts';
import { WithPerson, type PersonLite } from '../persons/WithPerson.tsx';
import type { ScreenProps } from '../app/screen.ts';
import {
  checkCondolence,
  CONDOLENCE_RENAME,
  condolenceToValues,
  emptyCondolence,
  type CondolenceValues,
} from './condolence-form.ts';
import { changedFields } from '../records/changed-fields.ts';

/** 记录慰问: for a person (/persons/:id/condolence/new) or a unit (/condolences/new). */
export default function CondolenceFormScreen({ params }: ScreenProps) {
  const id = params['id'];
  const [units, setUnits] = useState<OrgUnit[] | null>(null);
  useEffect(() => {
    void myCommunities().then(setUnits);
  }, []);
  if (!units) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  if (!id) return <CondolenceForm person={null} units={units} />;
  return <WithPerson id={id}>{(p) => <CondolenceForm person={p} units={units} />}</WithPerson>;
}

/** `editing`: 修改 of that stored condolence (prefilled; saves only the changed fields), else a new one. */
export function CondolenceForm({
  person,
  units,
  editing,
}: {
  person: PersonLite | null;
  units: OrgUnit[];
  editing?: Condolence;
}) {
  const f = useDraftForm<CondolenceValues>({
    key: editing ? draftKey.recordEdit('condolence', editing.id) : draftKey.condolenceNew(person?.id ?? null),
    form: 'condolence',
    check: (x) => checkCondolence(x, person),
    initial: editing
      ? condolenceToValues(editing)
      : emptyCondolence(
          chinaDate(),
          currentUser()?.displayName ?? '',
          units.length === 1 ? (units[0]?.id ?? '') : '',
        ),
    ...(person ? { title: person.name } : {}),
  });
  const v = f.values;

  const where = useLocationChoice();
  const { busy, formError, submit } = useRecordSubmit(f, {
    check: () => checkCondolence(v, person),
    save: (c) =>
      editing
        ? saveChanges('condolence', editing.id, changedFields(c.input, editing))
        : withLocation(where, c.input).then((input) => saveNew('condolence', input)),
    done: () =>
      navigate(
        editing
          ? `/records/condolence/${editing.id}?saved=1`
          : person
            ? `/persons/${person.id}?saved=condolence`
            : '/records?saved=condolence',
        { replace: true },
      ),
    rename: CONDOLENCE_RENAME,
  });

  return (
    <FormShell
      title={
        editing
          ? `修改慰问记录 · ${person?.name ?? editing.unitName ?? ''}`
          : person
            ? `记录慰问 · ${person.name}`
            : '单位慰问'
      }
      phase={f.phase}
      onResume={f.resume}
      onDiscard={() => void f.discard()}
      onSubmit={submit}
      busy={busy}
      formError={formError}
      draftError={f.draftError}
    >
      {!person && (
        <>
          <TextField {...f.bind('unitName')} label="慰问单位" required hint="如驻区部队" />
          <SelectField
            {...f.bind('communityId')}
            label="所属社区"
            required
            options={units.map((u) => ({ value: u.id, label: u.name }))}
          />
        </>
      )}
      <SelectField {...f.bind('occasion')} label="慰问事由" required options={OCCASIONS} />
      <ChoiceGroup {...f.bind('level')} label="慰问层级" required options={GIVING_LEVELS} />
      <TextField {...f.bind('cash')} label="慰问金（元）" inputMode="decimal" hint="最多两位小数，无则不填" />
      <TextField {...f.bind('goods')} label="慰问物资" hint="如 米、油各一份" />
      <TextField {...f.bind('goodsValue')} label="物资价值（元）" inputMode="decimal" />
      <TextField {...f.bind('fundsSource')} label="资金来源" />
      <TextField {...f.bind('date')} label="慰问日期" type="date" required max={chinaDate()} />
      <TextField {...f.bind('visitors')} label="慰问人员" required />
      <TextArea {...f.bind('notes')} label="备注" />
      {!editing && <LocationField choice={where} />}
    </FormShell>
  );
}
