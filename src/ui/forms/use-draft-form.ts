import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { dropDraft, readDraft, writeDraft } from '../../stores/drafts.ts';
import { onBeforeAppUpdate } from '../pwa/before-update.ts';
import type { Errors } from './checks.ts';

export type FormValues = Record<string, string | string[]>;

/** A form's whole check, as the submit runs it: messages by field when something is wrong. */
export type FormCheck<V> = (
  values: V,
) => { readonly ok: true } | { readonly ok: false; readonly errors: Errors };

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
 *
 * With `check`, messages appear as the worker goes, not only on 保存: a field is checked when it is left
 * (`onLeave` of `bind`), and from then on — and for every field a submit marked — at each change, so a wrong
 * value shows its message while being corrected and the message goes the moment the value is valid. Fields
 * not yet visited stay quiet: an empty form is not a wall of red.
 */
export function useDraftForm<V extends FormValues>(opts: {
  key: string;
  form: string;
  initial: V;
  /** Shown on the home screen's draft list, e.g. the person's name. */
  title?: string;
  /** The form's check (the same one the submit runs), for messages while typing. */
  check?: FormCheck<V>;
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
  const checkRef = useRef(opts.check);
  checkRef.current = opts.check;
  /** Fields the worker has left, or a submit marked: these are checked live. */
  const visited = useRef(new Set<string>());

  /** The messages of the visited fields (and of those showing one) for these values. */
  const liveErrors = useCallback((vals: V, shown: Errors, extra?: string): Errors | null => {
    const check = checkRef.current;
    if (!check) return null;
    const r = check(vals);
    const all: Errors = r.ok ? {} : r.errors;
    const out: Errors = {};
    const fields = new Set([...visited.current, ...Object.keys(shown), ...(extra ? [extra] : [])]);
    for (const name of fields) {
      const m = all[name];
      if (m !== undefined && (visited.current.has(name) || name in shown)) out[name] = m;
    }
    return out;
  }, []);

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
        const live = liveErrors(next, e);
        if (live) return live;
        if (!(name in e)) return e;
        const { [name]: _gone, ...rest } = e;
        return rest;
      });
      dirty.current = true;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    },
    [save, liveErrors],
  );

  /** The worker left a field: check it (and keep checking it). */
  const leave = useCallback(
    (name: string) => {
      visited.current.add(name);
      setErrors((e) => liveErrors(latest.current, e, name) ?? e);
    },
    [liveErrors],
  );

  /** A submit's messages: shown, and their fields checked live from now on. */
  const showErrors = useCallback((next: Errors) => {
    for (const name of Object.keys(next)) visited.current.add(name);
    setErrors(next);
  }, []);

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
    visited.current.clear();
    setErrors({});
  }, []);

  /** The props every field takes from the form: `<TextField {...f.bind('title')} label="活动名称" />`. */
  const bind = <N extends keyof V & string>(name: N) => ({
    name,
    value: values[name],
    error: errors[name],
    onValue: (x: V[N]) => set(name, x),
    onLeave: () => leave(name),
  });

  return {
    values,
    set,
    bind,
    reset,
    errors,
    setErrors: showErrors,
    leave,
    phase,
    resume,
    discard,
    finish,
    flush: save,
    draftError,
  };
}
