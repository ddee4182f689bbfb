import { chinaDate } from '../../model/dates.ts';
import { NEED_CATEGORIES, URGENCIES } from '../../model/vocab.ts';
import { saveNew, saveTogether } from '../../stores/records.ts';
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
import { checkNeed, emptyNeed, type NeedValues } from './need-form.ts';

/** 登记困难需求 for a person; its first history step (登记) is written with it. */
export default function NeedFormScreen({ params }: ScreenProps) {
  return <WithPerson id={params['id'] ?? ''}>{(p) => <NeedForm person={p} />}</WithPerson>;
}

export function NeedForm({ person }: { person: PersonLite }) {
  const f = useDraftForm<NeedValues>({
    key: draftKey.needNew(person.id),
    form: 'need',
    check: (x) => checkNeed(x, person, chinaDate()),
    initial: emptyNeed(),
    title: person.name,
  });
  const v = f.values;
  const where = useLocationChoice();

  const { busy, formError, submit } = useRecordSubmit(f, {
    check: () => checkNeed(v, person, chinaDate()),
    // The need and its first history step (登记) are one change: both saved, or neither. The location is had
    // before, never awaited inside the transaction (IndexedDB commits a transaction left idle).
    save: async (c) => {
      const input = await withLocation(where, c.input);
      return saveTogether(['need', 'needStep'], async () => {
        const created = await saveNew('need', input);
        await saveNew('needStep', {
          needId: created.id,
          personId: person.id,
          communityId: person.communityId,
          from: null,
          to: '登记',
          date: c.input.openedDate,
          note: '',
          byName: currentUser()?.displayName ?? '',
          fundSource: null,
          amountFen: null,
        });
        return created;
      });
    },
    done: (need) => navigate(`/needs/${need.id}`, { replace: true }),
  });

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
      <SelectField {...f.bind('category')} label="困难类别" required options={NEED_CATEGORIES} />
      <ChoiceGroup {...f.bind('urgency')} label="紧急程度" required options={URGENCIES} />
      <TextArea {...f.bind('description')} label="困难描述" required />
      <TextField {...f.bind('followUpDate')} label="跟进日期" type="date" hint="到期后会出现在首页" />
      <LocationField choice={where} />
    </FormShell>
  );
}
