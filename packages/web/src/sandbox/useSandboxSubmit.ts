import { useState, type FormEvent } from 'react';
import { isApiError, type FieldError } from '../api/client';
import type { FieldErrors } from '../ui/useFormSubmit';

interface Options<T> {
  /**
   * Where each server field is shown: `{amount: 'amount', 'options.amount': 'amount'}`. A
   * simulator names its own fields (`status_context`, `confirmations`), so one form control may
   * answer to several names.
   */
  fields: Readonly<Record<string, string>>;
  validate?: () => FieldErrors;
  send: () => Promise<T>;
  onSuccess: (result: T) => void;
}

export interface SandboxSubmit {
  busy: boolean;
  error: unknown;
  fieldErrors: FieldErrors;
  /** The server's `details` that belong to no control of the form: shown under its error, never dropped. */
  otherDetails: FieldError[];
  submit: (e: FormEvent) => void;
  reset: () => void;
}

/**
 * Like the dashboard's useFormSubmit, but a 422 may name fields of the object being moved as well
 * as the form's: each detail goes under its control, and the rest stay listed with the error,
 * since a simulator's refusal ("an unresolved invoice can only become …") is the answer the user
 * needs.
 */
export function useSandboxSubmit<T>({ fields, validate, send, onSuccess }: Options<T>): SandboxSubmit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [otherDetails, setOtherDetails] = useState<FieldError[]>([]);

  const reset = () => {
    setError(null);
    setFieldErrors({});
    setOtherDetails([]);
  };

  const run = async () => {
    reset();
    const invalid = validate?.() ?? {};
    if (Object.keys(invalid).length) {
      setFieldErrors(invalid);
      return;
    }
    setBusy(true);
    try {
      onSuccess(await send());
    } catch (err) {
      const placed: FieldErrors = {};
      const rest: FieldError[] = [];
      for (const d of isApiError(err) ? err.details : []) {
        const control = fields[d.field];
        if (control && !(control in placed)) placed[control] = d.message;
        else rest.push(d);
      }
      setFieldErrors(placed);
      setOtherDetails(rest);
      // A 422 whose every detail sits under its field needs no second sentence.
      if (rest.length > 0 || Object.keys(placed).length === 0) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    error,
    fieldErrors,
    otherDetails,
    reset,
    submit: (e) => {
      e.preventDefault();
      void run();
    },
  };
}
