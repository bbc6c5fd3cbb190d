import { useState, type FormEvent } from 'react';
import { isApiError, type ApiError } from '../api/client';

export type FieldErrors = Record<string, string>;

interface FormSubmitOptions<T> {
  /** The fields this form shows errors under. Server details for other fields become the general error. */
  fields: readonly string[];
  /** Client-side checks; any message stops the submit before a request is sent. */
  validate?: () => FieldErrors;
  /** Sends the request. */
  send: () => Promise<T>;
  onSuccess: (result: T) => void;
  /** A sentence to show instead of the server's error for some failures (e.g. 401 on login). */
  describe?: (err: ApiError) => string | undefined;
}

export interface FormSubmit {
  busy: boolean;
  /** The general error (an `ApiError`, any thrown value, or a sentence) for `<ErrorText>`. */
  error: unknown;
  fieldErrors: FieldErrors;
  submit: (e: FormEvent) => void;
}

/**
 * The submit state machine shared by the dashboard's forms: validate on the client, send, then place
 * a 422's `details` under the form's fields, or show the failure as one general error.
 */
export function useFormSubmit<T>({
  fields,
  validate,
  send,
  onSuccess,
  describe,
}: FormSubmitOptions<T>): FormSubmit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const run = async () => {
    const invalid = validate?.() ?? {};
    setFieldErrors(invalid);
    setError(null);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      onSuccess(await send());
    } catch (err) {
      const sentence = isApiError(err) ? describe?.(err) : undefined;
      const fromServer = isApiError(err) ? err.fieldErrors() : {};
      if (sentence) setError(sentence);
      else if (fields.some((f) => fromServer[f])) setFieldErrors(fromServer);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };

  return { busy, error, fieldErrors, submit };
}
