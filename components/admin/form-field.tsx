import { useId } from "react";

interface Props {
  label: string;
  /** Always shown under the field: what to type, or what happens with it. */
  hint?: string;
  /** Why the last submission was refused for this field; marks it invalid. */
  error?: string;
  className?: string;
  /** Shown only while the form's `kind` choice is one of these (see .settings-form in admin.css). */
  when?: string;
  children: (control: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => React.ReactNode;
}

/** A labelled form control with its hint and error, both tied to it for screen readers. */
export function FormField({ label, hint, error, className = "", when, children }: Props) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field ${className}`} data-when={when}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": described })}
      {hint && (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}
