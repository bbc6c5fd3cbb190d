import { useState, type FormEvent } from 'react';
import { isApiError, post } from '../api/client';
import type { SessionPayload } from '../api/types';
import { navigate } from '../router';
import { Button } from '../ui/Button';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { AuthLayout } from './AuthLayout';
import { useSession } from './SessionContext';

export function InvitePage({ token }: { token: string }) {
  const { establish, state } = useSession();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!password) fe.password = 'Choose a password.';
    setFieldErrors(fe);
    setError(null);
    if (Object.keys(fe).length) return;
    setBusy(true);
    try {
      const res = await post<SessionPayload>(
        `/invitations/${encodeURIComponent(token)}/accept`,
        { password },
        { noAuthRedirect: true },
      );
      establish(res);
      navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && (err.status === 404 || err.status === 410 || err.code === 'not_found')) {
        setError(
          'This invitation link is invalid, has expired or has already been used. Ask your Root user for a new one.',
        );
      } else if (isApiError(err) && err.details.length && err.fieldErrors().password) {
        setFieldErrors(err.fieldErrors());
      } else setError(err);
    }
  };

  return (
    <AuthLayout title="Accept your invitation" subtitle="Set a password to join your team on Signet.">
      {state.status === 'authenticated' ? (
        <p className="muted small">
          You are logged in as {state.user.email}. Accepting signs you in as the invited user instead.
        </p>
      ) : null}
      <form onSubmit={submit} noValidate className="form-stack" aria-label="Accept invitation">
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
          hint="Use a long, unique password. The invitation link works once."
          autoFocus
        />
        <ErrorText error={error} />
        <Button type="submit" variant="primary" loading={busy} className="btn-block">
          Accept invitation
        </Button>
      </form>
    </AuthLayout>
  );
}
