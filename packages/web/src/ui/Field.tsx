import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  label: ReactNode;
  error?: string | null | undefined;
  hint?: ReactNode;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}

/** A label + control + hint + field error. The control receives id / aria-describedby / aria-invalid. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: ReactNode;
  error?: string | null | undefined;
  hint?: ReactNode;
  fieldClassName?: string;
  ref?: Ref<HTMLInputElement>;
};

export function TextField({ label, error, hint, fieldClassName, className, ref, ...rest }: InputProps) {
  return (
    <Field label={label} error={error} hint={hint} className={fieldClassName}>
      {(p) => <input ref={ref} className={`input ${className ?? ''}`} {...p} {...rest} />}
    </Field>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: ReactNode;
  error?: string | null | undefined;
  hint?: ReactNode;
  fieldClassName?: string;
  children: ReactNode;
};

export function SelectField({
  label,
  error,
  hint,
  fieldClassName,
  className,
  children,
  ...rest
}: SelectProps) {
  return (
    <Field label={label} error={error} hint={hint} className={fieldClassName}>
      {(p) => (
        <select className={`input select ${className ?? ''}`} {...p} {...rest}>
          {children}
        </select>
      )}
    </Field>
  );
}
