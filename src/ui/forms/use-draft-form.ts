import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { dropDraft, readDraft, writeDraft } from '../../stores/drafts.ts';
import { onBeforeAppUpdate } from '../pwa/before-update.ts';

export type FormValues = Record<string, string | string[]>;

export const AUTOSAVE_MS = 300;

export type DraftPhase =
  | { readonly kind: 'checking' }
  | { readonly kind: 'offered'; readonly savedAt: string }
  | { readonly kind: 'editing' };

/**
 * A form's values with draft autosave (src/db/drafts.ts). Every change is written to IndexedDB ~300 ms after
 * the last keystroke, and at once when the page is hidden, unloaded or about to update — so killing the tab
 * loses at most the last 300 ms, and usually nothing. A draft found on open is offered first (继续填写 /
 * 放弃草稿); the form shows only after that choice, so a new keystroke never overwrites an unseen draft.
 * The draft is deleted only by `finish()` (after the record is saved) or `discard()`.
 */
export function useDraftForm<V extends FormValues>(opts: {
  key: string;
  form: string;
  initial: V;
  /** Shown on the home screen's draft list, e.g. the person's name. */
  title?: string;
}) {
  const { key, form, title } = opts;
  const [values, setValues] = useState<V>(opts.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<DraftPhase>({ kind: 'checking' });
  const [draftError, setDraftError] = useState<string | null>(null);
  const offered = useRef<Record<string, unknown> | null>(null);
  const latest = useRef(values);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const save = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current) return;
    dirty.current = false;
    try {
      await writeDraft(key, form, { ...latest.current, ...(title ? { _title: title } : {}) });
      setDraftError(null);
    } catch {
      dirty.current = true;
      setDraftError('草稿未能保存到本机（存储空间不足或不可用），请尽快保存记录。');
    }
  }, [key, form, title]);

  useEffect(() => {
    let live = true;
    const check = async () => {
      const d = await readDraft(key).catch(() => undefined);
      if (!live) return;
      if (d) {
        offered.current = d.values;
        setPhase({ kind: 'offered', savedAt: d.savedAt });
      } else setPhase({ kind: 'editing' });
    };
    void check();
    return () => {
      live = false;
    };
  }, [key]);

  useEffect(() => {
    const flushNow = () => void save();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flushNow();
    };
    document.addEventListener('visibilitychange', onVisibility);
    addEventListener('pagehide', flushNow);
    // The update prompt waits for this before the new version reloads the page.
    const offUpdate = onBeforeAppUpdate(() => save());
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      removeEventListener('pagehide', flushNow);
      offUpdate();
      // Leaving the screen: write what is pending (the component is gone, the promise is not).
      flushNow();
    };
  }, [save]);

  const set = useCallback(
    <N extends keyof V & string>(name: N, value: V[N]) => {
      const next = { ...latest.current, [name]: value };
      latest.current = next;
      setValues(next);
      setErrors((e) => {
        if (!(name in e)) return e;
        const { [name]: _gone, ...rest } = e;
        return rest;
      });
      dirty.current = true;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    },
    [save],
  );

  const resume = useCallback(() => {
    const draft = offered.current ?? {};
    const merged = { ...latest.current };
    for (const [k, v] of Object.entries(draft)) {
      if (k in merged && (typeof v === 'string' || Array.isArray(v))) {
        (merged as Record<string, unknown>)[k] = v;
      }
    }
    latest.current = merged;
    setValues(merged);
    setPhase({ kind: 'editing' });
  }, []);

  const discard = useCallback(async () => {
    offered.current = null;
    await dropDraft(key).catch(() => undefined);
    setPhase({ kind: 'editing' });
  }, [key]);

  /** The record is saved: the draft has served its purpose. */
  const finish = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    await dropDraft(key).catch(() => undefined);
  }, [key]);

  /** Back to fresh values after a save, without writing a draft. */
  const reset = useCallback((next: V) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    latest.current = next;
    setValues(next);
    setErrors({});
  }, []);

  /** The props every field takes from the form: `<TextField {...f.bind('title')} label="活动名称" />`. */
  const bind = <N extends keyof V & string>(name: N) => ({
    name,
    value: values[name],
    error: errors[name],
    onValue: (x: V[N]) => set(name, x),
  });

  return {
    values,
    set,
    bind,
    reset,
    errors,
    setErrors,
    phase,
    resume,
    discard,
    finish,
    flush: save,
    draftError,
  };
}
