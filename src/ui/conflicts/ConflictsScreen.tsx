import { useState } from 'preact/hooks';
import type { Conflict } from '../../model/records/conflict.ts';
import type { Kind } from '../../model/kinds.ts';
import { isKind, KIND_LABELS } from '../../model/kinds.ts';
import { maskIdNumber } from '../../model/id-number.ts';
import { maskMobile } from '../../model/mobile.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { chinaTime } from '../../model/dates.ts';
import { conflicts, subjectOf } from '../../stores/queries.ts';
import { saveChanges } from '../../stores/records.ts';
import { currentUser } from '../../stores/session.ts';
import { saveErrors } from '../forms/save-errors.ts';
import { fieldLabel as sharedLabel, fieldText } from '../records/field-labels.ts';

/**
 * 编辑冲突 review for street staff: a value overwritten by a concurrent edit (SPEC.md P10), named for people —
 * the person (looked up on the device), the field by its form label, both writers by name, China time. 保留当前 marks it
 * reviewed; 恢复被覆盖的值 writes the overwritten value back to the record (a normal edit that syncs) and marks
 * it restored.
 */
export default function ConflictsScreen() {
  const rows = liveValue(useLiveQuery(conflicts, []), null);
  if (!rows) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  const open = rows.filter((c) => c.resolution === null);
  const done = rows.filter((c) => c.resolution !== null);
  return (
    <div class="stack">
      <h1>编辑冲突审核</h1>
      <p class="muted">多人同时修改同一条记录时，后到的修改生效，被覆盖的值保存在这里。请确认保留哪一个。</p>
      {open.length === 0 && <p class="notice">没有待审核的冲突。</p>}
      <ul class="list">
        {open.map((c) => (
          <li key={c.id}>
            <ConflictItem conflict={c} />
          </li>
        ))}
      </ul>
      {done.length > 0 && (
        <section class="card" aria-labelledby="done-heading">
          <h2 id="done-heading">已审核（{done.length}）</h2>
          <p class="muted small">已审核的冲突保留一段时间（由区管理员设定）后归档，不再显示。</p>
          <ul class="list">
            {done.map((c) => (
              <li key={c.id} class="list-link">
                <span>
                  {labelOf(c.kind)} · {fieldLabel(c.kind, c.field)}：
                  {c.resolution === 'kept' ? '保留当前' : '已恢复被覆盖的值'}
                </span>
                <span class="muted small">
                  {c.resolvedBy} · {c.resolvedAt ? chinaTime(c.resolvedAt) : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** A field by its form label only (never its key); a field no form shows is 其他内容. */
export function fieldLabel(kind: string, field: string): string {
  return sharedLabel(kind, field) ?? '其他内容';
}

function labelOf(kind: string): string {
  return isKind(kind) ? KIND_LABELS[kind] : kind;
}

export function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  return fieldText(field, value);
}

/** ID numbers and mobiles stay masked here too, until the reviewer presses 显示 (PIPL). */
const MASKED: Record<string, (v: string) => string> = { idNumber: maskIdNumber, mobile: maskMobile };

function ConflictItem({ conflict: c }: { conflict: Conflict }) {
  const [reveal, setReveal] = useState(false);
  const mask = MASKED[c.field];
  const view = (v: unknown) => (mask && !reveal && typeof v === 'string' ? mask(v) : show(c.field, v));
  const subject = liveValue(
    useLiveQuery(() => (isKind(c.kind) ? subjectOf(c.kind, c.recordId) : Promise.resolve(null)), [c.id]),
    null,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolve = async (resolution: 'kept' | 'restored') => {
    setBusy(true);
    setError(null);
    try {
      if (resolution === 'restored' && isKind(c.kind)) {
        const kind: Kind = c.kind;
        await saveChanges(kind, c.recordId, { [c.field]: c.overwrittenValue });
      }
      await saveChanges('conflict', c.id, {
        resolution,
        resolvedBy: currentUser()?.displayName ?? currentUser()?.id ?? '',
        resolvedAt: new Date().toISOString(),
      });
    } catch (e) {
      setError(saveErrors(e).form ?? '操作失败');
    } finally {
      setBusy(false);
    }
  };
  const headingId = `conflict-${c.id}`;
  return (
    <article class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {subject ?? labelOf(c.kind)} · {fieldLabel(c.kind, c.field)}
      </h2>
      <p class="muted small">
        {labelOf(c.kind)} · 冲突时间 {chinaTime(c.createdAt)}
      </p>
      <dl class="kv">
        <dt>当前值</dt>
        <dd>
          {view(c.appliedValue)}（{c.appliedByName ?? c.appliedBy}）
        </dd>
        <dt>被覆盖的值</dt>
        <dd>
          {view(c.overwrittenValue)}（{c.overwrittenByName ?? c.overwrittenBy}）
        </dd>
      </dl>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div class="btn-row">
        {mask && (
          <button type="button" class="btn" aria-pressed={reveal} onClick={() => setReveal((r) => !r)}>
            {reveal ? '隐藏' : '显示'}
          </button>
        )}
        <button type="button" class="btn" disabled={busy} onClick={() => void resolve('kept')}>
          保留当前
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => void resolve('restored')}>
          恢复被覆盖的值
        </button>
      </div>
    </article>
  );
}
