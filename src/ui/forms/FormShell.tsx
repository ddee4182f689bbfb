import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import type { DraftPhase } from './use-draft-form.ts';

/**
 * The frame of every record form: the draft offer, the form-level error (storage failures), the fields and
 * the 保存 button. The fields stay mounted with their values whatever fails.
 */
export function FormShell(props: {
  title: string;
  phase: DraftPhase;
  onResume: () => void;
  onDiscard: () => void;
  onSubmit: () => Promise<void> | void;
  busy: boolean;
  formError: string | null;
  draftError: string | null;
  submitLabel?: string;
  /** h1 for a form that is the screen; h2 for a form inside a page (need status change). */
  heading?: 'h1' | 'h2';
  children: ComponentChildren;
}) {
  const H = props.heading ?? 'h1';
  const ref = useRef<HTMLFormElement>(null);
  const { phase } = props;
  if (phase.kind === 'checking') {
    return (
      <p class="loading" role="status">
        正在打开表单…
      </p>
    );
  }
  if (phase.kind === 'offered') {
    return (
      <section class="card stack" aria-labelledby="draft-offer-heading">
        <H id="draft-offer-heading">{props.title}</H>
        <p>发现一份未完成的草稿（保存于 {new Date(phase.savedAt).toLocaleString('zh-CN')}）。</p>
        <div class="btn-row">
          <button type="button" class="btn btn-primary" onClick={props.onResume}>
            继续填写
          </button>
          <button type="button" class="btn" onClick={() => props.onDiscard()}>
            放弃草稿
          </button>
        </div>
      </section>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    await props.onSubmit();
    // Focus the first field with an error so a screen reader (and the thumb) lands on it.
    const bad = ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (bad) {
      const focusable = bad.matches('fieldset') ? bad.querySelector<HTMLElement>('input') : bad;
      focusable?.focus();
    }
  };
  return (
    <form ref={ref} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="form-heading">
      <H id="form-heading">{props.title}</H>
      {props.draftError && (
        <p class="notice notice-error" role="status">
          {props.draftError}
        </p>
      )}
      {props.children}
      {props.formError && (
        <p class="notice notice-error" role="alert">
          {props.formError}
        </p>
      )}
      <div class="sticky-save">
        <button type="submit" class="btn btn-primary btn-block" disabled={props.busy}>
          {props.busy ? '正在保存…' : (props.submitLabel ?? '保存')}
        </button>
      </div>
    </form>
  );
}
