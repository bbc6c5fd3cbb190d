import { useState } from 'react';
import { post } from '../api/client';
import type { SessionPayload } from '../api/types';
import { Link, navigate } from '../router';
import { Button } from '../ui/Button';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { useFormSubmit } from '../ui/useFormSubmit';
import { AuthLayout } from './AuthLayout';
import { useSession } from './SessionContext';

export function SignupPage() {
  const { establish } = useSession();
  const [businessName, setBusinessName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, fieldErrors, submit } = useFormSubmit({
    fields: ['business_name', 'email', 'password'],
    validate: () => {
      const fe: Record<string, string> = {};
      if (!businessName.trim()) fe.business_name = 'Enter your business name.';
      if (!email.trim()) fe.email = 'Enter an email address.';
      else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) fe.email = 'Enter a valid email address.';
      if (!password) fe.password = 'Choose a password.';
      return fe;
    },
    send: () =>
      post<SessionPayload>(
        '/signup',
        { business_name: businessName.trim(), email: email.trim(), password },
        { noAuthRedirect: true },
      ),
    onSuccess: (res) => {
      establish(res);
      navigate('/', { replace: true });
    },
  });

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
