import { useState, type FormEvent } from 'react';
import { isApiError, post } from '../api/client';
import type { SessionPayload } from '../api/types';
import { Link, navigate } from '../router';
import { Button } from '../ui/Button';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { AuthLayout } from './AuthLayout';
import { useSession } from './SessionContext';

export function SignupPage() {
  const { establish } = useSession();
  const [businessName, setBusinessName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!businessName.trim()) fe.business_name = 'Enter your business name.';
    if (!email.trim()) fe.email = 'Enter an email address.';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) fe.email = 'Enter a valid email address.';
    if (!password) fe.password = 'Choose a password.';
    setFieldErrors(fe);
    setError(null);
    if (Object.keys(fe).length) return;
    setBusy(true);
    try {
      const res = await post<SessionPayload>(
        '/signup',
        { business_name: businessName.trim(), email: email.trim(), password },
        { noAuthRedirect: true },
      );
      establish(res);
      navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && err.details.length) {
        const f = err.fieldErrors();
        setFieldErrors(f);
        if (!f.business_name && !f.email && !f.password) setError(err);
      } else setError(err);
    }
  };

  return (
    <AuthLayout
      title="Create your Signet account"
      subtitle="You will be the Root user of the new business account."
      footer={
        <p>
          Already have an account? <Link to="/login">Log in</Link>
        </p>
      }
    >
      <form onSubmit={submit} noValidate className="form-stack" aria-label="Sign up">
        <TextField
          label="Business name"
          autoComplete="organization"
          value={businessName}
          onChange={(e) => setBusinessName(e.target.value)}
          error={fieldErrors.business_name}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldErrors.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
          hint="Use a long, unique password."
        />
        <ErrorText error={error} />
        <Button type="submit" variant="primary" loading={busy} className="btn-block">
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
