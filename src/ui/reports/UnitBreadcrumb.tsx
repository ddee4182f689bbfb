import type { OrgIndex } from '../../model/org.ts';

/**
 * Where the report stands in the org tree, from the user's own unit (the top it may see) down to the unit
 * shown; each level above is a button back up.
 */
export function UnitBreadcrumb(props: {
  readonly org: OrgIndex;
  readonly rootId: string;
  readonly unitId: string;
  readonly onUnit: (id: string) => void;
}) {
  const { org, rootId, unitId, onUnit } = props;
  const path = org.ancestors(unitId).reverse();
  const start = path.findIndex((u) => u.id === rootId);
  const shown = start >= 0 ? path.slice(start) : path.slice(-1);
  if (shown.length === 0) return null;
  return (
    <nav aria-label="单位层级" class="report-crumbs">
      <ol>
        {shown.map((u, i) => (
          <li key={u.id}>
            {i === shown.length - 1 ? (
              <span aria-current="location">{u.name}</span>
            ) : (
              <button type="button" class="link-btn" onClick={() => onUnit(u.id)}>
                {u.name}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
