import { useState } from 'preact/hooks';
import type { OrgTree } from '../../../model/org.ts';
import { SelectField, TextField } from '../../forms/fields.tsx';
import { addCommunity, addStreet, addTeam, nameError } from './org-edit.ts';

const KINDS = [
  { value: 'community', label: '社区' },
  { value: 'street', label: '街道' },
  { value: 'team', label: '志愿服务队' },
];

/** 新增 a street, a community under a street, or a team of any unit — into the local copy, saved later. */
export function AddUnitForm({
  tree,
  onAdd,
}: {
  tree: OrgTree;
  onAdd: (next: OrgTree, name: string) => void;
}) {
  const [kind, setKind] = useState('community');
  const [parent, setParent] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const parents =
    kind === 'community' ? tree.units.filter((u) => u.level === 'street') : kind === 'team' ? tree.units : [];
  const submit = (e: Event) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (kind !== 'street' && !parents.some((u) => u.id === parent)) found['add-parent'] = '请选择上级单位';
    const siblings =
      kind === 'team'
        ? tree.teams.filter((t) => t.unitId === parent).map((t) => t.name)
        : tree.units
            .filter(
              (u) =>
                u.parentId === (kind === 'street' ? tree.units.find((r) => r.parentId === null)?.id : parent),
            )
            .map((u) => u.name);
    const why = nameError(name, siblings);
    if (why) found['add-name'] = why;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const n = name.trim();
    const next =
      kind === 'street'
        ? addStreet(tree, n)
        : kind === 'team'
          ? addTeam(tree, parent, n)
          : addCommunity(tree, parent, n);
    onAdd(next, n);
    setName('');
  };

  return (
    <form class="card stack" onSubmit={submit} noValidate aria-labelledby="org-add-heading">
      <h2 id="org-add-heading">新增单位或服务队</h2>
      <SelectField
        name="add-kind"
        label="类型"
        required
        options={KINDS}
        value={kind}
        onValue={(k) => {
          setKind(k);
          setParent('');
        }}
      />
      {kind !== 'street' && (
        <SelectField
          name="add-parent"
          label={kind === 'team' ? '所属单位' : '所属街道'}
          required
          options={parents.map((u) => ({ value: u.id, label: u.name }))}
          value={parent}
          onValue={setParent}
          error={errors['add-parent']}
        />
      )}
      <TextField
        name="add-name"
        label="名称"
        required
        maxLength={50}
        value={name}
        onValue={setName}
        error={errors['add-name']}
      />
      <button type="submit" class="btn btn-block">
        添加
      </button>
    </form>
  );
}
