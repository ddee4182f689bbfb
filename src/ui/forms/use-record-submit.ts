import { useState } from 'preact/hooks';
import type { Errors } from './checks.ts';
import { saveErrors } from './save-errors.ts';

export const FIX_FIELDS_MESSAGE = '有内容需要修改，请查看标红的项目。';

/** What every form's check returns: the values to save, or messages by field. */
export type Checked<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly errors: Errors };

/** The parts of a draft form (use-draft-form.ts) that a submit touches. */
interface SubmitTarget {
  setErrors(errors: Errors): void;
  finish(): Promise<void>;
}

/**
 * The one way a record form is submitted: check → save → drop the draft → `done`. A failed check puts its
 * messages beside the fields; a failed save (schema, storage, anything) puts them there or in the form-level
 * message, and the values stay in the form and in its draft. The draft is dropped only after the save
 * succeeded, so a crash in between leaves the draft to offer again — never a lost record.
 *
 * `rename` maps record fields to form fields where they differ (cashFen → cash).
 */
export function useRecordSubmit<T, R>(
  form: SubmitTarget,
  opts: {
    readonly check: () => Checked<T>;
    readonly save: (checked: T) => Promise<R>;
    readonly done: (saved: R) => void;
    readonly rename?: Record<string, string>;
    /** Called when a submit starts, e.g. to clear a previous success note. */
    readonly onStart?: () => void;
  },
): { busy: boolean; formError: string | null; submit: () => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async () => {
    setFormError(null);
    opts.onStart?.();
    const checked = opts.check();
    if (!checked.ok) {
      form.setErrors(checked.errors);
      setFormError(FIX_FIELDS_MESSAGE);
      return;
    }
    setBusy(true);
    try {
      const saved = await opts.save(checked);
      await form.finish();
      opts.done(saved);
    } catch (err) {
      const r = saveErrors(err, opts.rename);
      form.setErrors(r.fields);
      setFormError(r.form);
    } finally {
      setBusy(false);
    }
  };
  return { busy, formError, submit };
}
