import { useState } from 'react';
import { post } from '../api/client';
import type { SessionPayload } from '../api/types';
import { navigate, type RouteProps } from '../router';
import { Button } from '../ui/Button';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { useFormSubmit } from '../ui/useFormSubmit';
import { AuthLayout } from './AuthLayout';
import { useSession } from './SessionContext';

export function InvitePage({ params }: RouteProps) {
  const token = params.token ?? '';
  const { establish, state } = useSession();
  const [password, setPassword] = useState('');
  const { busy, error, fieldErrors, submit } = useFormSubmit({
    fields: ['password'],
    validate: (): Record<string, string> => (password ? {} : { password: 'Choose a password.' }),
    send: () =>
      post<SessionPayload>(
        `/invitations/${encodeURIComponent(token)}/accept`,
        { password },
        { noAuthRedirect: true },
      ),
    onSuccess: (res) => {
      establish(res);
      navigate('/', { replace: true });
    },
    describe: (err) =>
      err.status === 404 || err.status === 410 || err.code === 'not_found'
        ? 'This invitation link is invalid, has expired or has already been used. Ask your Root user for a new one.'
        : undefined,
  });

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
