import { useState } from 'react';

export interface ConfirmAction<T> {
  /** What the confirmation is about; `null` while the dialog is closed. */
  target: T | null;
  busy: boolean;
  error: unknown;
  /** Opens the confirmation for `target`. */
  ask: (target: T) => void;
  cancel: () => void;
  /** Runs the action; closes on success, keeps the dialog open with the error on failure. */
  confirm: () => void;
}

/** The state behind a `<ConfirmDialog>`: which item it is about, the running action and its error. */
export function useConfirmAction<T>(action: (target: T) => Promise<void>): ConfirmAction<T> {
  const [target, setTarget] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (t: T) => {
    setBusy(true);
    setError(null);
    try {
      await action(t);
      setTarget(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return {
    target,
    busy,
    error,
    ask: (t) => {
      setError(null);
      setTarget(t);
    },
    cancel: () => {
      setTarget(null);
      setError(null);
    },
    confirm: () => {
      if (target !== null) void run(target);
    },
  };
}
