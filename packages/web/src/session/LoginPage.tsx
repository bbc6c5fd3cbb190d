import { useState } from 'react';
import { isApiError, post } from '../api/client';
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
  // Two-factor authentication: the server answers 401 `totp_required` once the password is right.
  const [needCode, setNeedCode] = useState(false);
  const [totp, setTotp] = useState('');
  const { busy, error, fieldErrors, submit } = useFormSubmit({
    fields: ['email', 'password', 'totp'],
    validate: () => {
      const fe: Record<string, string> = {};
      if (!email.trim()) fe.email = 'Enter your email address.';
      if (!password) fe.password = 'Enter your password.';
      if (needCode && !totp.trim()) fe.totp = 'Enter the code from your authenticator app.';
      return fe;
    },
    send: async () => {
      const body = { email: email.trim(), password, ...(needCode ? { totp: totp.trim() } : {}) };
      try {
        return await post<SessionPayload>('/session', body, { noAuthRedirect: true });
      } catch (err) {
        if (isApiError(err) && err.reason() === 'totp_required' && !needCode) {
          setNeedCode(true);
          return null;
        }
        throw err;
      }
    },
    onSuccess: (res) => {
      if (!res) return;
      establish(res);
      navigate(safeNext(search.get('next')), { replace: true });
    },
    describe: (err) =>
      err.reason() === 'invalid_totp'
        ? 'That code is not valid. Enter the current code from your authenticator app, or an unused recovery code.'
        : err.status === 401
          ? 'Email or password is incorrect.'
          : undefined,
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
        {needCode ? (
          <TextField
            label="Authentication code"
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            autoComplete="one-time-code"
            className="mono"
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
            error={fieldErrors.totp}
            autoFocus
          />
        ) : null}
        <ErrorText error={error} />
        <Button type="submit" variant="primary" loading={busy} className="btn-block">
          Log in
        </Button>
      </form>
    </AuthLayout>
  );
}
