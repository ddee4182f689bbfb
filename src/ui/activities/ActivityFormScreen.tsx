import { useEffect, useState } from 'preact/hooks';
import { chinaDate } from '../../model/dates.ts';
import type { Team } from '../../model/org.ts';
import { ACTIVITY_THEMES, WARM_SERVICE_KINDS } from '../../model/vocab.ts';
import { loadOrg } from '../../stores/org.ts';
import type { Activity } from '../../model/records/activity.ts';
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
import { changedFields } from '../records/changed-fields.ts';
import { activityToValues, checkActivity, emptyActivity, type ActivityValues } from './activity-form.ts';

/** The teams the user may log for: a team leader its own team; staff the teams in their area. */
export async function myTeams(): Promise<Team[]> {
  const org = await loadOrg();
  const user = currentUser();
  if (!user) return [];
  if (user.teamId) return [...org.teams.values()].filter((t) => t.id === user.teamId);
  return [...org.teams.values()].filter((t) => org.isWithin(t.unitId, user.unitId));
}

/** 记录志愿服务活动. */
export default function ActivityFormScreen() {
  const [teams, setTeams] = useState<Team[] | null>(null);
  useEffect(() => {
    void myTeams().then(setTeams);
  }, []);
  if (!teams) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  return <ActivityForm teams={teams} />;
}

/** `editing`: 修改 of that stored activity (prefilled; saves only the changed fields), else a new one. */
export function ActivityForm({ teams, editing }: { teams: Team[]; editing?: Activity }) {
  const f = useDraftForm<ActivityValues>({
    key: editing ? draftKey.recordEdit('activity', editing.id) : draftKey.activityNew(),
    form: 'activity',
    check: (x) => checkActivity(x, teams),
    initial: editing
      ? activityToValues(editing)
      : emptyActivity(chinaDate(), teams.length === 1 ? (teams[0]?.id ?? '') : ''),
  });
  const v = f.values;

  const where = useLocationChoice();
  const { busy, formError, submit } = useRecordSubmit(f, {
    check: () => checkActivity(v, teams),
    save: (c) =>
      editing
        ? saveChanges('activity', editing.id, changedFields(c.input, editing))
        : withLocation(where, c.input).then((input) => saveNew('activity', input)),
    done: () =>
      navigate(editing ? `/records/activity/${editing.id}?saved=1` : '/records?saved=activity', {
        replace: true,
      }),
  });

  return (
    <FormShell
      title={editing ? `修改志愿服务活动 · ${editing.title}` : '记录志愿服务活动'}
      phase={f.phase}
      onResume={f.resume}
      onDiscard={() => void f.discard()}
      onSubmit={submit}
      busy={busy}
      formError={formError}
      draftError={f.draftError}
    >
      <SelectField
        {...f.bind('teamId')}
        label="服务队"
        required
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
      />
      <SelectField {...f.bind('theme')} label="活动主题" required options={ACTIVITY_THEMES} />
      {v.theme === '暖心服务' && (
        <ChoiceGroup
          {...f.bind('warmServiceKind')}
          label="暖心服务类型"
          required
          options={WARM_SERVICE_KINDS}
        />
      )}
      <TextField {...f.bind('title')} label="活动名称" required />
      <TextField {...f.bind('date')} label="活动日期" type="date" required max={chinaDate()} />
      <TextField {...f.bind('place')} label="活动地点" required />
      <TextField {...f.bind('volunteerCount')} label="参与退役军人志愿者人数" required inputMode="numeric" />
      <TextField {...f.bind('hours')} label="服务时长（小时）" inputMode="decimal" />
      <TextField {...f.bind('peopleServed')} label="服务人次" inputMode="numeric" />
      <TextArea {...f.bind('notes')} label="备注" />
      {!editing && <LocationField choice={where} />}
    </FormShell>
  );
}
