import { useState } from 'preact/hooks';
import { TextField } from '../../forms/fields.tsx';
import { nameError } from './org-edit.ts';

/** Inline rename of one unit or team; the id stays (records keep unit ids). */
export function RenameForm(props: {
  current: string;
  siblings: readonly string[];
  onDone: (name: string | null) => void;
}) {
  const [name, setName] = useState(props.current);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const why = nameError(name, props.siblings);
    if (why) {
      setError(why);
      return;
    }
    props.onDone(name.trim());
  };
  return (
    <form class="stack" onSubmit={submit} noValidate aria-label={`重命名 ${props.current}`}>
      <TextField
        name="rename"
        label="新名称"
        required
        maxLength={50}
        hint={`原名：${props.current}`}
        value={name}
        onValue={setName}
        error={error ?? undefined}
      />
      <div class="btn-row">
        <button type="submit" class="btn btn-primary">
          确定
        </button>
        <button type="button" class="btn" onClick={() => props.onDone(null)}>
          取消
        </button>
      </div>
    </form>
  );
}
