import { useState } from 'react';
import { api, post } from '../api/client';
import type { RecoveryCodesView, TotpEnrolmentView } from '../api/types';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Banner, Card, PageHeader } from '../ui/Card';
import { CopyButton, CopyField } from '../ui/CopyButton';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorText } from '../ui/ErrorText';
import { TextField } from '../ui/Field';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useConfirmAction } from '../ui/useConfirmAction';
import { useFormSubmit } from '../ui/useFormSubmit';
import { QrCode } from './QrCode';
import { useTwoFactor } from './TwoFactorContext';

/** The setup key as apps show it: groups of four, easier to type from the screen. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

const BAD_CODE = 'That code is not valid. Enter the current code from your authenticator app.';

/** Settings › Security: two-factor authentication (enrol, recovery codes, turn off). */
export function SecurityPage() {
  const { status, loading, refresh } = useTwoFactor();
  const [enrolment, setEnrolment] = useState<TotpEnrolmentView | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (loading) return <Spinner label="Loading security settings" />;

  const enabled = status?.enabled ?? false;
  const done = () => {
    setCodes(null);
    void refresh();
  };

  return (
    <div className="page">
      <PageHeader
        title="Security"
        description="Two-factor authentication asks for a code from an app on your phone when you log in, and before credential actions such as creating an API key."
      />
      {status?.required && !enabled ? (
        <Banner tone="warning" title="Two-factor authentication is required">
          <p>
            The operator of this Signet requires every user to set up two-factor authentication before using
            the dashboard. Set it up below to continue.
          </p>
        </Banner>
      ) : null}
      {codes ? (
        <RecoveryCodesPanel codes={codes} onDone={done} />
      ) : enabled ? (
        <EnabledCard
          enabledAt={status?.enabled_at ?? null}
          remaining={status?.recovery_codes_remaining ?? 0}
          onNewCodes={setCodes}
          onDisabled={() => void refresh()}
        />
      ) : enrolment ? (
        <EnrolCard
          enrolment={enrolment}
          onCancel={() => setEnrolment(null)}
          onConfirmed={(c) => {
            setEnrolment(null);
            setCodes(c);
          }}
        />
      ) : (
        <StartCard onStarted={setEnrolment} />
      )}
    </div>
  );
}

function StartCard({ onStarted }: { onStarted: (e: TotpEnrolmentView) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      onStarted(await post<TotpEnrolmentView>('/2fa/totp'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      title="Two-factor authentication"
      description="Use an authenticator app such as Google Authenticator, 1Password, Authy or FreeOTP."
      actions={<Badge tone="neutral">Off</Badge>}
    >
      <p>
        Once it is on, logging in takes your password and a 6-digit code from the app, and you get ten
        recovery codes for when the phone is not at hand.
      </p>
      <div>
        <Button variant="primary" onClick={() => void start()} loading={busy}>
          Set up authenticator app
        </Button>
      </div>
      <ErrorText error={error} />
    </Card>
  );
}

function EnrolCard({
  enrolment,
  onCancel,
  onConfirmed,
}: {
  enrolment: TotpEnrolmentView;
  onCancel: () => void;
  onConfirmed: (codes: string[]) => void;
}) {
  const [code, setCode] = useState('');
  const { busy, error, fieldErrors, submit } = useFormSubmit({
    fields: ['code'],
    validate: (): Record<string, string> =>
      /^\d{6}$/.test(code.replace(/\s/g, '')) ? {} : { code: 'Enter the 6-digit code the app shows.' },
    send: () => post<RecoveryCodesView>('/2fa/totp/confirm', { code: code.replace(/\s/g, '') }),
    onSuccess: (res) => onConfirmed(res.recovery_codes),
    describe: (err) => (err.code === 'validation_failed' ? BAD_CODE : undefined),
  });
  return (
    <Card
      title="Set up your authenticator app"
      description="Scan the QR code with the app, or type the setup key into it, then enter the code it shows."
      testId="totp-enrolment"
    >
      <div className="enrol-grid">
        <div className="enrol-qr">
          <QrCode value={enrolment.otpauth_url} label="QR code for your authenticator app" />
        </div>
        <div className="form-stack grow">
          <CopyField label="Setup key" value={grouped(enrolment.secret)} copyLabel="setup key" />
          <p className="field-hint">
            Time-based (TOTP), 6 digits, every 30 seconds. The key is shown only now: it is stored encrypted
            and never displayed again.
          </p>
          <form
            onSubmit={submit}
            noValidate
            className="form-stack"
            aria-label="Confirm the authenticator app"
          >
            <TextField
              label="Code from the app"
              autoComplete="one-time-code"
              inputMode="numeric"
              className="mono input-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={fieldErrors.code}
            />
            <ErrorText error={error} />
            <div className="button-row">
              <Button type="submit" variant="primary" loading={busy}>
                Turn on two-factor authentication
              </Button>
              <Button onClick={onCancel} disabled={busy}>
                Cancel
              </Button>
            </div>
          </form>
        </div>
      </div>
    </Card>
  );
}

function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [stored, setStored] = useState(false);
  return (
    <Card
      title="Your recovery codes"
      description="Each code logs you in once instead of a code from the app, e.g. when your phone is lost. They are shown only now: store them somewhere safe, such as your password manager."
      testId="recovery-codes"
    >
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c} className="mono">
            {c}
          </li>
        ))}
      </ol>
      <div className="button-row">
        <CopyButton size="md" label="recovery codes" value={codes.join('\n')} />
      </div>
      <label className="checkbox stored-check">
        <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
        <span>I have stored these codes</span>
      </label>
      <div>
        <Button variant="primary" disabled={!stored} onClick={onDone}>
          Done
        </Button>
      </div>
    </Card>
  );
}

function EnabledCard({
  enabledAt,
  remaining,
  onNewCodes,
  onDisabled,
}: {
  enabledAt: string | null;
  remaining: number;
  onNewCodes: (codes: string[]) => void;
  onDisabled: () => void;
}) {
  const [code, setCode] = useState('');
  const regeneration = useConfirmAction<true>(async () => {
    onNewCodes((await post<RecoveryCodesView>('/2fa/recovery-codes')).recovery_codes);
  });
  const disable = useFormSubmit({
    fields: ['code'],
    validate: (): Record<string, string> =>
      code.trim() ? {} : { code: 'Enter a code from your authenticator app, or a recovery code.' },
    send: () => api<void>('/2fa/totp', { method: 'DELETE', body: { code: code.trim() } }),
    onSuccess: onDisabled,
    describe: (err) =>
      err.code === 'validation_failed'
        ? 'That code is not valid. Enter the current code from your authenticator app, or an unused recovery code.'
        : undefined,
  });
  return (
    <Card
      title="Two-factor authentication"
      description="Logging in and credential actions ask for a code from your authenticator app."
      actions={<Badge tone="success">On</Badge>}
      testId="totp-enabled"
    >
      <dl className="details">
        <div>
          <dt>Turned on</dt>
          <dd>{formatDate(enabledAt)}</dd>
        </div>
        <div>
          <dt>Recovery codes left</dt>
          <dd>{remaining} of 10</dd>
        </div>
      </dl>
      {remaining <= 3 ? (
        <p className="muted">Few recovery codes are left: generate new ones and store them.</p>
      ) : null}
      <div>
        <Button onClick={() => regeneration.ask(true)}>Generate new recovery codes</Button>
      </div>

      <div className="divider" />

      <p className="muted">
        To turn two-factor authentication off, enter a code from the app or a recovery code.
      </p>
      <form
        onSubmit={disable.submit}
        noValidate
        className="inline-form"
        aria-label="Turn off two-factor authentication"
      >
        <TextField
          label="Authentication code"
          autoComplete="one-time-code"
          className="mono input-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={disable.fieldErrors.code}
        />
        <div className="inline-form-actions">
          <Button type="submit" variant="danger" loading={disable.busy}>
            Turn off
          </Button>
        </div>
      </form>
      <ErrorText error={disable.error} />

      <ConfirmDialog
        open={regeneration.target !== null}
        title="Generate new recovery codes?"
        confirmLabel="Generate new codes"
        busy={regeneration.busy}
        error={regeneration.error}
        onCancel={regeneration.cancel}
        onConfirm={regeneration.confirm}
      >
        <p>Your current recovery codes stop working at once.</p>
      </ConfirmDialog>
    </Card>
  );
}
