import { useEffect, useState } from 'preact/hooks';
import type { OrgUnit, Team } from '../../model/org.ts';
import type { Activity } from '../../model/records/activity.ts';
import type { Condolence } from '../../model/records/condolence.ts';
import type { Visit } from '../../model/records/visit.ts';
import { myCommunities } from '../../stores/org.ts';
import { recordById } from '../../stores/queries.ts';
import { ActivityForm, myTeams } from '../activities/ActivityFormScreen.tsx';
import type { ScreenProps } from '../app/screen.ts';
import { Missing } from './Missing.tsx';
import { CondolenceForm } from '../condolences/CondolenceFormScreen.tsx';
import { WithPerson } from '../persons/WithPerson.tsx';
import { VisitForm } from '../visits/VisitFormScreen.tsx';

type Loaded =
  | { kind: 'visit'; record: Visit }
  | { kind: 'condolence'; record: Condolence; units: OrgUnit[] }
  | { kind: 'activity'; record: Activity; teams: Team[] };

async function load(kind: string, id: string): Promise<Loaded | null> {
  if (kind === 'visit') {
    const record = await recordById('visit', id);
    return record ? { kind, record } : null;
  }
  if (kind === 'condolence') {
    const [record, units] = await Promise.all([recordById('condolence', id), myCommunities()]);
    return record ? { kind, record, units } : null;
  }
  if (kind === 'activity') {
    const [record, teams] = await Promise.all([recordById('activity', id), myTeams()]);
    return record ? { kind, record, teams } : null;
  }
  return null;
}

/**
 * 修改 of a visit, condolence or activity (/records/:kind/:id/edit): the form it was entered with, prefilled,
 * saving only the changed fields. A voided record is not corrected (its screen offers no 修改).
 */
export default function RecordEditScreen({ params }: ScreenProps) {
  const kind = params['kind'] ?? '';
  const id = params['id'] ?? '';
  const [loaded, setLoaded] = useState<Loaded | null | undefined>(undefined);
  useEffect(() => {
    void load(kind, id).then(setLoaded);
  }, [kind, id]);

  if (loaded === undefined) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  if (loaded === null) return <Missing text="找不到该记录（可能已被删除或不在本机区域）。" />;
  if (loaded.record.voidedAt !== undefined) return <Missing text="该记录已作废，不能再修改。" />;
  switch (loaded.kind) {
    case 'visit':
      return (
        <WithPerson id={loaded.record.personId}>
          {(p) => <VisitForm person={p} editing={loaded.record} />}
        </WithPerson>
      );
    case 'condolence': {
      const { record, units } = loaded;
      if (record.personId === null) return <CondolenceForm person={null} units={units} editing={record} />;
      return (
        <WithPerson id={record.personId}>
          {(p) => <CondolenceForm person={p} units={units} editing={record} />}
        </WithPerson>
      );
    }
    default:
      return <ActivityForm teams={loaded.teams} editing={loaded.record} />;
  }
}
