import { useEffect, useState } from 'preact/hooks';
import { checkIdNumber } from '../../model/id-number.ts';
import type { OrgUnit } from '../../model/org.ts';
import type { Person } from '../../model/records/person.ts';
import {
  CONTACT_TIERS,
  PERSON_CATEGORIES,
  PERSON_STATUSES,
  PRIORITY_FLAGS,
  SEXES,
} from '../../model/vocab.ts';
import { myCommunities } from '../../stores/org.ts';
import { personById } from '../../stores/queries.ts';
import { saveChanges, saveNew } from '../../stores/records.ts';
import { navigate } from '../app/router.ts';
import { draftKey } from '../forms/draft-keys.ts';
import { CheckGroup, ChoiceGroup, SelectField, TextArea, TextField } from '../forms/fields.tsx';
import { FormShell } from '../forms/FormShell.tsx';
import { useRecordSubmit } from '../forms/use-record-submit.ts';
import { useDraftForm } from '../forms/use-draft-form.ts';
import type { ScreenProps } from '../app/screen.ts';
import { IdNumberTwin } from './IdNumberTwin.tsx';
import { checkPerson, emptyPerson, personToValues, type PersonValues } from './person-form.ts';

/** 新建 / 编辑服务对象. Loads what it needs, then renders the form with its initial values. */
export default function PersonFormScreen({ params }: ScreenProps) {
  const id = params['id'] ?? null;
  const [ready, setReady] = useState<{ units: OrgUnit[]; person: Person | null } | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    const load = async () => {
      const [units, person] = await Promise.all([
        myCommunities(),
        id ? personById(id) : Promise.resolve(undefined),
      ]);
      if (id && !person) setMissing(true);
      else setReady({ units, person: person ?? null });
    };
    void load();
  }, [id]);

  if (missing) return <p class="notice">找不到该服务对象。</p>;
  if (!ready) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  return <PersonForm units={ready.units} person={ready.person} />;
}

export function PersonForm({ units, person }: { units: OrgUnit[]; person: Person | null }) {
  const defaultCommunity = units.length === 1 ? (units[0]?.id ?? '') : '';
  const f = useDraftForm<PersonValues>({
    key: person ? draftKey.personEdit(person.id) : draftKey.personNew(),
    form: 'person',
    check: (x) => checkPerson(x),
    initial: person ? personToValues(person) : emptyPerson(defaultCommunity),
    ...(person ? { title: person.name } : {}),
  });
  const v = f.values;
  const e = f.errors;

  const { busy, formError, submit } = useRecordSubmit(f, {
    check: () => checkPerson(v),
    save: (c) => (person ? saveChanges('person', person.id, c.input) : saveNew('person', c.input)),
    done: (saved) => navigate(`/persons/${saved.id}`, { replace: true }),
  });

  return (
    <FormShell
      title={person ? `编辑服务对象 · ${person.name}` : '新建服务对象'}
      phase={f.phase}
      onResume={f.resume}
      onDiscard={() => void f.discard()}
      onSubmit={submit}
      busy={busy}
      formError={formError}
      draftError={f.draftError}
    >
      <TextField {...f.bind('name')} label="姓名" required autoComplete="off" />
      <TextField
        name="idNumber"
        label="身份证号"
        required
        value={v.idNumber}
        error={e['idNumber']}
        autoComplete="off"
        hint="18位，最后一位可为X"
        onLeave={() => f.leave('idNumber')}
        onValue={(x) => {
          f.set('idNumber', x);
          const r = checkIdNumber(x);
          if (r.ok && !v.sex) f.set('sex', r.sex);
        }}
      />
      <IdNumberTwin idNumber={v.idNumber} selfId={person?.id ?? null} />
      <ChoiceGroup {...f.bind('sex')} label="性别" required options={SEXES} />
      <TextField {...f.bind('mobile')} label="手机号" type="tel" inputMode="tel" autoComplete="off" />
      <TextField {...f.bind('address')} label="住址" />
      <SelectField
        {...f.bind('communityId')}
        label="所属社区"
        required
        options={units.map((u) => ({ value: u.id, label: u.name }))}
      />
      <CheckGroup
        name="categories"
        label="人员类别"
        options={PERSON_CATEGORIES}
        values={v.categories}
        error={e['categories']}
        onValues={(x) => f.set('categories', x)}
      />
      <CheckGroup
        name="priorityFlags"
        label="重点优抚标识"
        options={PRIORITY_FLAGS}
        values={v.priorityFlags}
        error={e['priorityFlags']}
        onValues={(x) => f.set('priorityFlags', x)}
      />
      <ChoiceGroup {...f.bind('contactTier')} label="联系等级" options={CONTACT_TIERS} />
      <ChoiceGroup {...f.bind('status')} label="状态" options={PERSON_STATUSES} />
      <TextField
        {...f.bind('receivedDate')}
        label="接收日期"
        type="date"
        hint="新退役士兵由区接收的日期，可不填"
      />
      <TextArea {...f.bind('householdNotes')} label="家庭情况备注" />
    </FormShell>
  );
}
