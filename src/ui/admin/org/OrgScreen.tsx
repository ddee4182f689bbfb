import { useEffect, useState } from 'preact/hooks';
import { OrgIndex, type OrgTree } from '../../../model/org.ts';
import { fetchOrg, saveOrg } from '../../../stores/admin.ts';
import { toRequestError, type RequestError } from '../../../net/errors.ts';
import { AdminNotice } from '../users/AdminNotice.tsx';
import { OfflineNote } from '../users/UsersScreen.tsx';
import { useOnline } from '../users/use-online.ts';
import { AddUnitForm } from './AddUnitForm.tsx';
import { ConflictRetentionEditor } from './ConflictRetentionEditor.tsx';
import { rename } from './org-edit.ts';
import { RenameForm } from './RenameForm.tsx';
import { TriggersEditor } from './TriggersEditor.tsx';

type Phase =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: RequestError }
  | { readonly kind: 'ready' };

/**
 * 组织架构 (district admin): the tree district → streets → communities, with the volunteer teams of each
 * unit, the district's 六必访 list and how long resolved conflict records stay. Additions, renames and the list change a local copy; 保存 sends the whole tree (PUT /api/admin/org), and the
 * server's validation message (with its list of problems, or the users a change would strand) shows here.
 */
export default function OrgScreen() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [tree, setTree] = useState<OrgTree | null>(null);
  const [dirty, setDirty] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [failure, setFailure] = useState<RequestError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Each load from the server starts the 六必访 editor afresh from the loaded list.
  const [loads, setLoads] = useState(0);
  const online = useOnline();

  const load = async () => {
    setPhase({ kind: 'loading' });
    try {
      setTree(await fetchOrg());
      setLoads((n) => n + 1);
      setDirty(false);
      setPhase({ kind: 'ready' });
    } catch (e) {
      setPhase({ kind: 'failed', error: toRequestError(e) });
    }
  };
  useEffect(() => {
    // Coming back online must not throw away unsaved edits.
    if (online && !dirty) void load();
  }, [online]);

  const change = (next: OrgTree, message: string) => {
    setTree(next);
    setDirty(true);
    setFailure(null);
    setNote(message);
  };

  const save = async () => {
    if (!tree) return;
    setBusy(true);
    setFailure(null);
    setNote(null);
    try {
      setTree(await saveOrg(tree));
      setDirty(false);
      setNote('组织架构已保存');
    } catch (e) {
      setFailure(toRequestError(e));
    } finally {
      setBusy(false);
    }
  };

  if (phase.kind !== 'ready' || !tree) {
    return (
      <div class="stack">
        <h1>组织架构</h1>
        {!online && <OfflineNote />}
        {phase.kind === 'loading' && online && (
          <p class="loading" role="status">
            正在读取组织架构…
          </p>
        )}
        {phase.kind === 'failed' && online && <AdminNotice error={phase.error} onRetry={() => void load()} />}
      </div>
    );
  }

  const org = new OrgIndex(tree);
  const root = org.root;
  const row = ({
    id,
    name,
    siblings,
    kind,
  }: {
    id: string;
    name: string;
    siblings: string[];
    kind: string;
  }) =>
    renaming === id ? (
      <RenameForm
        current={name}
        siblings={siblings.filter((s) => s !== name)}
        onDone={(next) => {
          setRenaming(null);
          if (next !== null && next !== name)
            change(rename(tree, id, next), `已将“${name}”改名为“${next}”，尚未保存`);
        }}
      />
    ) : (
      <div class="inline">
        <span>
          {name}
          <span class="muted small"> {kind}</span>
        </span>
        <button type="button" class="btn" aria-label={`改名 ${name}`} onClick={() => setRenaming(id)}>
          改名
        </button>
      </div>
    );
  const teamsOf = (unitId: string) => tree.teams.filter((t) => t.unitId === unitId);
  const teamList = ({ unitId }: { unitId: string }) => {
    const teams = teamsOf(unitId);
    const names = teams.map((t) => t.name);
    return teams.length === 0 ? null : (
      <ul class="list">
        {teams.map((t) => (
          <li key={t.id}>{row({ id: t.id, name: t.name, siblings: names, kind: '服务队' })}</li>
        ))}
      </ul>
    );
  };

  const streets = root ? (org.children.get(root.id) ?? []) : [];
  return (
    <div class="stack">
      <h1>组织架构</h1>
      {!online && <OfflineNote />}
      {root && (
        <section class="card stack" aria-labelledby="org-root">
          <h2 id="org-root">{root.name}</h2>
          {row({ id: root.id, name: root.name, siblings: [], kind: '区' })}
          {teamList({ unitId: root.id })}
        </section>
      )}
      {streets.map((s) => {
        const communities = org.children.get(s.id) ?? [];
        const cnames = communities.map((c) => c.name);
        return (
          <section key={s.id} class="card stack" aria-labelledby={`org-${s.id}`}>
            <h2 id={`org-${s.id}`}>
              {s.name}
              <span class="muted small">（{communities.length} 个社区）</span>
            </h2>
            {row({ id: s.id, name: s.name, siblings: streets.map((x) => x.name), kind: '街道' })}
            {teamList({ unitId: s.id })}
            <ul class="list">
              {communities.map((c) => (
                <li key={c.id} class="stack">
                  {row({ id: c.id, name: c.name, siblings: cnames, kind: '社区' })}
                  {teamList({ unitId: c.id })}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <AddUnitForm tree={tree} onAdd={(next, name) => change(next, `已添加“${name}”，尚未保存`)} />
      <TriggersEditor key={loads} tree={tree} onChange={change} />
      <ConflictRetentionEditor key={loads} tree={tree} onChange={change} />
      {note && (
        <p class="notice notice-ok" role="status">
          {note}
        </p>
      )}
      {failure && <AdminNotice error={failure} />}
      <div class="sticky-save">
        <button
          type="button"
          class="btn btn-primary btn-block"
          disabled={busy || !dirty}
          onClick={() => void save()}
        >
          {busy ? '正在保存…' : dirty ? '保存组织架构' : '没有未保存的更改'}
        </button>
      </div>
    </div>
  );
}
