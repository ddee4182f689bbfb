import { useState } from 'preact/hooks';
import { chinaDate } from '../../model/dates.ts';
import { NEED_CATEGORIES, URGENCIES } from '../../model/vocab.ts';
import { saveNew, saveTogether } from '../../stores/records.ts';
import { currentUser } from '../../stores/session.ts';
import { navigate } from '../app/router.ts';
import { draftKey } from '../forms/draft-keys.ts';
import { ChoiceGroup, SelectField, TextArea, TextField } from '../forms/fields.tsx';
import { FormShell } from '../forms/FormShell.tsx';
import { saveErrors } from '../forms/save-errors.ts';
import { useDraftForm } from '../forms/use-draft-form.ts';
import { WithPerson, type PersonLite } from '../persons/WithPerson.tsx';
import type { ScreenProps } from '../routes.tsx';
import { checkNeed, emptyNeed, type NeedValues } from './need-form.ts';

/** 登记困难需求 for a person; its first history step (登记) is written with it. */
export default function NeedFormScreen({ params }: ScreenProps) {
  return <WithPerson id={params['id'] ?? ''}>{(p) => <NeedForm person={p} />}</WithPerson>;
}

export function NeedForm({ person }: { person: PersonLite }) {
  const f = useDraftForm<NeedValues>({
    key: draftKey.needNew(person.id),
    form: 'need',
    initial: emptyNeed(),
    title: person.name,
  });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const v = f.values;
  const e = f.errors;

  const submit = async () => {
    setFormError(null);
    const today = chinaDate();
    const checked = checkNeed(v, person, today);
    if (!checked.ok) {
      f.setErrors(checked.errors);
      setFormError('有内容需要修改，请查看标红的项目。');
      return;
    }
    setBusy(true);
    try {
      const need = await saveTogether(['need', 'needStep'], async () => {
        const created = await saveNew('need', checked.input);
        await saveNew('needStep', {
          needId: created.id,
          personId: person.id,
          communityId: person.communityId,
          from: null,
          to: '登记',
          date: today,
          note: '',
          byName: currentUser()?.displayName ?? '',
          fundSource: null,
          amountFen: null,
        });
        return created;
      });
      await f.finish();
      navigate(`/needs/${need.id}`, { replace: true });
    } catch (err) {
      const r = saveErrors(err);
      f.setErrors(r.fields);
      setFormError(r.form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell
      title={`登记困难需求 · ${person.name}`}
      phase={f.phase}
      onResume={f.resume}
      onDiscard={() => void f.discard()}
      onSubmit={submit}
      busy={busy}
      formError={formError}
      draftError={f.draftError}
    >
      <SelectField
        name="category"
        label="困难类别"
        required
        options={NEED_CATEGORIES}
        value={v.category}
        error={e['category']}
        onValue={(x) => f.set('category', x)}
      />
      <ChoiceGroup
        name="urgency"
        label="紧急程度"
        required
        options={URGENCIES}
        value={v.urgency}
        error={e['urgency']}
        onValue={(x) => f.set('urgency', x)}
      />
      <TextArea
        name="description"
        label="困难描述"
        required
        value={v.description}
        error={e['description']}
        onValue={(x) => f.set('description', x)}
      />
      <TextField
        name="followUpDate"
        label="跟进日期"
        type="date"
        value={v.followUpDate}
        error={e['followUpDate']}
        hint="到期后会出现在首页"
        onValue={(x) => f.set('followUpDate', x)}
      />
    </FormShell>
  );
}
