import { useEffect, useRef, useState } from 'react';
import { post, setStepUpHandler, type StepUpFactor } from '../api/client';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { useFormSubmit } from '../ui/useFormSubmit';

interface Pending {
  factor: StepUpFactor;
  promise: Promise<boolean>;
  resolve: (ok: boolean) => void;
}

/**
 * Where a credential action asks the user to confirm it is them: the API client calls the handler
 * on 403 `reauthentication_required`, this opens a small dialog on top of whatever the user was
 * doing (code, or password without two-factor authentication), and the client sends the action
 * again once the step-up succeeded. Requests refused meanwhile wait for the same prompt.
 */
export function StepUpPrompt() {
  const [factor, setFactor] = useState<StepUpFactor | null>(null);
  const pending = useRef<Pending | null>(null);

  useEffect(() => {
    setStepUpHandler((wanted) => {
      if (!pending.current) {
        let resolve!: (ok: boolean) => void;
        const promise = new Promise<boolean>((r) => (resolve = r));
        pending.current = { factor: wanted, promise, resolve };
        setFactor(wanted);
      }
      return pending.current.promise;
    });
    return () => {
      setStepUpHandler(null);
      pending.current?.resolve(false);
      pending.current = null;
    };
  }, []);

  const finish = (ok: boolean) => {
    pending.current?.resolve(ok);
    pending.current = null;
    setFactor(null);
  };

  return factor ? (
    <StepUpDialog factor={factor} onDone={() => finish(true)} onCancel={() => finish(false)} />
  ) : null;
}

function StepUpDialog({
  factor,
  onDone,
  onCancel,
}: {
  factor: StepUpFactor;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState('');
  const field = factor === 'totp' ? 'code' : 'password';
  const { busy, error, fieldErrors, submit } = useFormSubmit({
    fields: [field],
    validate: () =>
      value.trim()
        ? {}
        : {
            [field]:
              factor === 'totp' ? 'Enter the code from your authenticator app.' : 'Enter your password.',
          },
    send: () =>
      post<void>('/session/step-up', factor === 'totp' ? { code: value.trim() } : { password: value }, {
        noStepUp: true,
      }),
    onSuccess: onDone,
    describe: (err) =>
      err.code === 'validation_failed'
        ? factor === 'totp'
          ? 'That code is not valid. Enter the current code from your authenticator app, or an unused recovery code.'
          : 'That password is not correct.'
        : undefined,
  });

  return (
    <Dialog
      open
      title="Confirm it’s you"
      onClose={() => {
        if (!busy) onCancel();
      }}
      description={
        factor === 'totp'
          ? 'This action changes credentials. Enter the 6-digit code from your authenticator app, or a recovery code, to continue.'
          : 'This action changes credentials. Enter your password to continue.'
      }
    >
      <form onSubmit={submit} noValidate className="form-stack" aria-label="Confirm it’s you">
        {factor === 'totp' ? (
          <TextField
            label="Authentication code"
            autoComplete="one-time-code"
            className="mono"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={fieldErrors.code}
            data-autofocus
          />
        ) : (
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={fieldErrors.password}
            data-autofocus
          />
        )}
        <ErrorText error={error} />
        <div className="dialog-actions">
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            Confirm
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
