import { useState } from 'preact/hooks';
import {
  conflictRetentionError,
  conflictRetentionOf,
  DEFAULT_CONFLICT_RETENTION_DAYS,
  MAX_CONFLICT_RETENTION_DAYS,
  MIN_CONFLICT_RETENTION_DAYS,
  type OrgTree,
} from '../../../model/org.ts';
import { TextField } from '../../forms/fields.tsx';

/**
 * 冲突记录保留: how many days a resolved conflict record stays on the devices before the server archives it
 * (SPEC.md P15). Applied to the local copy of the tree and saved with 保存组织架构, like the 六必访 list.
 */
export function ConflictRetentionEditor({
  tree,
  onChange,
}: {
  tree: OrgTree;
  onChange: (next: OrgTree, message: string) => void;
}) {
  const current = conflictRetentionOf(tree);
  const [text, setText] = useState(String(current));
  const [error, setError] = useState<string | null>(null);

  const apply = (e: Event) => {
    e.preventDefault();
    const trimmed = text.trim();
    const days = Number(trimmed);
    const why = trimmed === '' ? '请输入保留天数' : conflictRetentionError(days);
    if (why !== null) {
      setError(why);
      return;
    }
    setError(null);
    setText(String(days));
    if (days === current) return;
    onChange({ ...tree, conflictRetentionDays: days }, `已将冲突记录保留天数改为 ${days} 天，尚未保存`);
  };

  return (
    <form class="card stack" onSubmit={apply} noValidate aria-labelledby="org-retention-heading">
      <h2 id="org-retention-heading">冲突记录保留</h2>
      <p class="muted small">
        已处理的冲突记录在处理满设定天数后归档：各设备上不再显示，服务器仍保留备查。未处理的冲突不会归档。
      </p>
      <TextField
        name="conflict-retention"
        label="保留天数"
        type="number"
        inputMode="numeric"
        min={MIN_CONFLICT_RETENTION_DAYS}
        max={MAX_CONFLICT_RETENTION_DAYS}
        step={1}
        required
        hint={`${MIN_CONFLICT_RETENTION_DAYS}–${MAX_CONFLICT_RETENTION_DAYS} 天，默认 ${DEFAULT_CONFLICT_RETENTION_DAYS} 天`}
        value={text}
        onValue={setText}
        error={error ?? undefined}
      />
      <div class="btn-row">
        <button type="submit" class="btn btn-primary">
          应用保留天数
        </button>
      </div>
    </form>
  );
}
