import type { JSX } from 'preact';

/**
 * Form fields with their label, hint and error wired for assistive tech: `<label for>`, and the error beside
 * the field via aria-describedby + aria-invalid. Ids are `f-<name>` so e2e tests can also reach them by label.
 */
interface BaseProps {
  readonly name: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly required?: boolean;
  /** Focus left the field: the form checks it from now on (use-draft-form.ts). */
  readonly onLeave?: (() => void) | undefined;
}

const fid = (name: string) => `f-${name}`;

function describedBy(name: string, error: string | undefined, hint: string | undefined) {
  const ids = [error ? `${fid(name)}-error` : '', hint ? `${fid(name)}-hint` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Messages({
  name,
  error,
  hint,
}: {
  name: string;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  return (
    <>
      {hint && (
        <p id={`${fid(name)}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${fid(name)}-error`} class="field-error">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * The label holds exactly the field's name (tests and screen readers find fields by it); the 必填 marker
 * sits beside it, hidden from assistive tech, which hears aria-required instead.
 */
function Label({ name, label, required }: { name: string; label: string; required?: boolean | undefined }) {
  return (
    <div class="label-row">
      <label for={fid(name)}>{label}</label>
      {required && (
        <span class="req" aria-hidden="true">
          必填
        </span>
      )}
    </div>
  );
}

type InputExtras = Pick<
  JSX.InputHTMLAttributes,
  'type' | 'inputMode' | 'autoComplete' | 'maxLength' | 'placeholder' | 'max' | 'min' | 'step'
>;

export function TextField(props: BaseProps & InputExtras & { value: string; onValue: (v: string) => void }) {
  const { name, label, error, hint, required, value, onValue, onLeave, ...extras } = props;
  return (
    <div class="field">
      <Label name={name} label={label} required={required} />
      <input
        id={fid(name)}
        name={name}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        aria-required={required ? true : undefined}
        onInput={(e) => onValue(e.currentTarget.value)}
        onBlur={onLeave}
        {...extras}
      />
      <Messages name={name} error={error} hint={hint} />
    </div>
  );
}

export function TextArea(
  props: BaseProps & { value: string; onValue: (v: string) => void; rows?: number; maxLength?: number },
) {
  const { name, label, error, hint, required, value, onValue, rows, maxLength, onLeave } = props;
  return (
    <div class="field">
      <Label name={name} label={label} required={required} />
      <textarea
        id={fid(name)}
        name={name}
        rows={rows ?? 3}
        maxLength={maxLength}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        aria-required={required ? true : undefined}
        onInput={(e) => onValue(e.currentTarget.value)}
        onBlur={onLeave}
      />
      <Messages name={name} error={error} hint={hint} />
    </div>
  );
}

export function SelectField(
  props: BaseProps & {
    value: string;
    onValue: (v: string) => void;
    options: readonly (string | { value: string; label: string })[];
    placeholder?: string;
  },
) {
  const { name, label, error, hint, required, value, onValue, options, placeholder, onLeave } = props;
  return (
    <div class="field">
      <Label name={name} label={label} required={required} />
      <select
        id={fid(name)}
        name={name}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        aria-required={required ? true : undefined}
        onChange={(e) => onValue(e.currentTarget.value)}
        onBlur={onLeave}
      >
        <option value="">{placeholder ?? '请选择'}</option>
        {options.map((o) => {
          const opt = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          );
        })}
      </select>
      <Messages name={name} error={error} hint={hint} />
    </div>
  );
}

/** One choice among a few, as large radio "chips" (a fieldset with a legend). */
export function ChoiceGroup(
  props: BaseProps & { value: string; onValue: (v: string) => void; options: readonly string[] },
) {
  const { name, label, error, hint, required, value, onValue, options, onLeave } = props;
  return (
    <div class="field">
      <fieldset
        id={fid(name)}
        onFocusOut={onLeave}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
      >
        <legend>{label}</legend>
        {required && (
          <span class="req" aria-hidden="true">
            必填
          </span>
        )}
        <div class="choices">
          {options.map((o) => (
            <label key={o} class="choice">
              <input type="radio" name={name} value={o} checked={value === o} onChange={() => onValue(o)} />
              {o}
            </label>
          ))}
        </div>
      </fieldset>
      <Messages name={name} error={error} hint={hint} />
    </div>
  );
}

/** Several choices (multi-select) as checkbox chips. */
export function CheckGroup(
  props: BaseProps & {
    values: readonly string[];
    onValues: (v: string[]) => void;
    options: readonly string[];
  },
) {
  const { name, label, error, hint, values, onValues, options, onLeave } = props;
  return (
    <div class="field">
      <fieldset
        id={fid(name)}
        onFocusOut={onLeave}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
      >
        <legend>{label}</legend>
        <div class="choices">
          {options.map((o) => (
            <label key={o} class="choice">
              <input
                type="checkbox"
                name={name}
                value={o}
                checked={values.includes(o)}
                onChange={(e) =>
                  onValues(e.currentTarget.checked ? [...values, o] : values.filter((v) => v !== o))
                }
              />
              {o}
            </label>
          ))}
        </div>
      </fieldset>
      <Messages name={name} error={error} hint={hint} />
    </div>
  );
}
