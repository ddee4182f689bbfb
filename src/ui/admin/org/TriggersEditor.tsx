import { useState } from 'preact/hooks';
import { MAX_TRIGGER_LENGTH, MAX_TRIGGERS, visitTriggersOf, type OrgTree } from '../../../model/org.ts';
import { DEFAULT_TRIGGERS } from '../../../model/vocab.ts';
import { TextArea } from '../../forms/fields.tsx';
import { parseTriggerLines, withTriggers } from './org-edit.ts';

/**
 * 六必访情形: the district's list, one label per line, applied to the local copy of the tree (saved with
 * 保存组织架构 like any other edit). Every device receives it with the tree; visits keep the label they were
 * recorded with, so removing a label loses nothing.
 */
export function TriggersEditor({
  tree,
  onChange,
}: {
  tree: OrgTree;
  onChange: (next: OrgTree, message: string) => void;
}) {
  const current = visitTriggersOf(tree);
  const [text, setText] = useState(current.join('\n'));
  const [error, setError] = useState<string | null>(null);
  const isDefault = tree.visitTriggers === undefined;

  const apply = (e: Event) => {
    e.preventDefault();
    const parsed = parseTriggerLines(text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setText(parsed.list.join('\n'));
    if (parsed.list.join('\n') === current.join('\n')) return;
    onChange(withTriggers(tree, parsed.list), '已修改六必访情形，尚未保存');
  };
  const reset = () => {
    setError(null);
    setText(DEFAULT_TRIGGERS.join('\n'));
    if (!isDefault) onChange(withTriggers(tree, null), '六必访情形已恢复默认，尚未保存');
  };

  return (
    <form class="card stack" onSubmit={apply} noValidate aria-labelledby="org-triggers-heading">
      <h2 id="org-triggers-heading">六必访情形</h2>
      <p class="muted small">
        {isDefault ? '当前使用默认情形。' : '当前使用本区设定的情形。'}
        走访记录的“走访情形”和待访清单按此清单；已有记录保留原来的情形。
      </p>
      <TextArea
        name="visit-triggers"
        label="六必访情形（每行一项）"
        required
        rows={Math.min(MAX_TRIGGERS, Math.max(6, current.length)) + 1}
        hint={`1–${MAX_TRIGGERS} 项，每项不超过 ${MAX_TRIGGER_LENGTH} 个字，不能重复`}
        value={text}
        onValue={setText}
        error={error ?? undefined}
      />
      <div class="btn-row">
        <button type="submit" class="btn btn-primary">
          应用
        </button>
        <button type="button" class="btn" onClick={reset}>
          恢复默认
        </button>
      </div>
    </form>
  );
}
