import { useState } from 'react';
import { post } from '../api/client';
import type { SessionPayload } from '../api/types';
import { Link, navigate, useLocation } from '../router';
import { Button } from '../ui/Button';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { useFormSubmit } from '../ui/useFormSubmit';
import { AuthLayout } from './AuthLayout';
import { useSession } from './SessionContext';

export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Why a portal link from the operator's platform did not sign the person in (`/login?portal=`). */
const PORTAL_NOTICES: Record<string, string> = {
  expired:
    'This sign-in link has expired or was already used. Open Integration > API again from your platform for a new one, or log in with a password.',
  refused:
    'This sign-in link cannot be used for your e-mail address. Ask your platform’s support, or log in with a password.',
};

export function LoginPage() {
  const { establish } = useSession();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, fieldErrors, submit } = useFormSubmit({
    fields: ['email', 'password'],
    validate: () => {
      const fe: Record<string, string> = {};
      if (!email.trim()) fe.email = 'Enter your email address.';
      if (!password) fe.password = 'Enter your password.';
      return fe;
    },
    send: () => post<SessionPayload>('/session', { email: email.trim(), password }, { noAuthRedirect: true }),
    onSuccess: (res) => {
      establish(res);
      navigate(safeNext(search.get('next')), { replace: true });
    },
    describe: (err) => (err.status === 401 ? 'Email or password is incorrect.' : undefined),
  });

  return (
    <AuthLayout
      title="Log in to Signet"
      subtitle={
        PORTAL_NOTICES[search.get('portal') ?? ''] ??
        (search.get('next') ? 'Your session has ended. Log in to continue.' : undefined)
      }
      footer={
        <p>
          New to Signet? <Link to="/signup">Create an account</Link>
        </p>
      }
    >
      <form onSubmit={submit} noValidate className="form-stack" aria-label="Log in">
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldErrors.email}
          autoFocus
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
        />
        <ErrorText error={error} />
        <Button type="submit" variant="primary" loading={busy} className="btn-block">
          Log in
        </Button>
      </form>
    </AuthLayout>
  );
}
