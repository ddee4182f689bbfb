import { useEffect, useState } from 'preact/hooks';
import { chinaDate } from '../../model/dates.ts';
import type { OrgUnit } from '../../model/org.ts';
import { GIVING_LEVELS, OCCASIONS } from '../../model/vocab.ts';
import { myCommunities } from '../../stores/org.ts';
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
import {
  checkCondolence,
  CONDOLENCE_RENAME,
  emptyCondolence,
  type CondolenceValues,
} from './condolence-form.ts';

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

export function CondolenceForm({ person, units }: { person: PersonLite | null; units: OrgUnit[] }) {
  const f = useDraftForm<CondolenceValues>({
    key: draftKey.condolenceNew(person?.id ?? null),
    form: 'condolence',
    initial: emptyCondolence(
      chinaDate(),
      currentUser()?.displayName ?? '',
      units.length === 1 ? (units[0]?.id ?? '') : '',
    ),
    ...(person ? { title: person.name } : {}),
  });
  const v = f.values;
  const e = f.errors;

  const { busy, formError, submit } = useRecordSubmit(f, {
    check: () => checkCondolence(v, person),
    save: (c) => saveNew('condolence', c.input),
    done: () =>
      navigate(person ? `/persons/${person.id}?saved=condolence` : '/records?saved=condolence', {
        replace: true,
      }),
    rename: CONDOLENCE_RENAME,
  });

  return (
    <FormShell
      title={person ? `记录慰问 · ${person.name}` : '单位慰问'}
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
          <TextField
            name="unitName"
            label="慰问单位"
            required
            value={v.unitName}
            error={e['unitName']}
            hint="如驻区部队"
            onValue={(x) => f.set('unitName', x)}
          />
          <SelectField
            name="communityId"
            label="所属社区"
            required
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            value={v.communityId}
            error={e['communityId']}
            onValue={(x) => f.set('communityId', x)}
          />
        </>
      )}
      <SelectField
        name="occasion"
        label="慰问事由"
        required
        options={OCCASIONS}
        value={v.occasion}
        error={e['occasion']}
        onValue={(x) => f.set('occasion', x)}
      />
      <ChoiceGroup
        name="level"
        label="慰问层级"
        required
        options={GIVING_LEVELS}
        value={v.level}
        error={e['level']}
        onValue={(x) => f.set('level', x)}
      />
      <TextField
        name="cash"
        label="慰问金（元）"
        inputMode="decimal"
        value={v.cash}
        error={e['cash']}
        hint="最多两位小数，无则不填"
        onValue={(x) => f.set('cash', x)}
      />
      <TextField
        name="goods"
        label="慰问物资"
        value={v.goods}
        error={e['goods']}
        hint="如 米、油各一份"
        onValue={(x) => f.set('goods', x)}
      />
      <TextField
        name="goodsValue"
        label="物资价值（元）"
        inputMode="decimal"
        value={v.goodsValue}
        error={e['goodsValue']}
        onValue={(x) => f.set('goodsValue', x)}
      />
      <TextField
        name="fundsSource"
        label="资金来源"
        value={v.fundsSource}
        error={e['fundsSource']}
        onValue={(x) => f.set('fundsSource', x)}
      />
      <TextField
        name="date"
        label="慰问日期"
        type="date"
        required
        max={chinaDate()}
        value={v.date}
        error={e['date']}
        onValue={(x) => f.set('date', x)}
      />
      <TextField
        name="visitors"
        label="慰问人员"
        required
        value={v.visitors}
        error={e['visitors']}
        onValue={(x) => f.set('visitors', x)}
      />
      <TextArea
        name="notes"
        label="备注"
        value={v.notes}
        error={e['notes']}
        onValue={(x) => f.set('notes', x)}
      />
    </FormShell>
  );
}
