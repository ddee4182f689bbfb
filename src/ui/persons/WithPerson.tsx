import type { ComponentChildren } from 'preact';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { personById } from '../../stores/queries.ts';

export interface PersonLite {
  readonly id: string;
  readonly name: string;
  readonly communityId: string;
}

/** Loads a person for a form; renders the children once found, a notice when not. */
export function WithPerson({ id, children }: { id: string; children: (p: PersonLite) => ComponentChildren }) {
  const live = useLiveQuery(() => personById(id).then((p) => p ?? null), [id]);
  const person = liveValue(live, undefined);
  if (person === undefined) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  if (person === null) return <p class="notice">找不到该服务对象。</p>;
  return <>{children({ id: person.id, name: person.name, communityId: person.communityId })}</>;
}
