import { useEffect, useState, type FormEvent } from 'react';
import { get, isApiError, post, put } from '../api/client';
import { useResource } from '../api/hooks';
import type { CallbackSecretView, CallbackSettingsView } from '../api/types';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { CopyButton } from '../ui/CopyButton';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { Spinner } from '../ui/Spinner';
import { useConfirmAction } from '../ui/useConfirmAction';
import { LockedNote } from './LockedNote';

const MASK = '•'.repeat(32);

function checkUrl(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'Enter a full URL, e.g. https://example.com/callbacks.';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'The URL must start with https://.';
  return null;
}

export function CallbackSection({
  locked: accountLocked,
  onNotActivated,
}: {
  locked: boolean;
  onNotActivated: () => void;
}) {
  const settings = useResource<CallbackSettingsView>('/callback-settings');
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const [secret, setSecret] = useState<string | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [secretBusy, setSecretBusy] = useState(false);
  const [secretError, setSecretError] = useState<unknown>(null);
  const [secretNote, setSecretNote] = useState<string | null>(null);

  useEffect(() => {
    if (settings.data) setUrl(settings.data.callback_url ?? '');
  }, [settings.data]);

  const noteIfInactive = (e: unknown) => {
    if (isApiError(e) && e.code === 'account_not_activated') onNotActivated();
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setSaveError(null);
    const err = checkUrl(url);
    setUrlError(err);
    if (err) return;
    setSaving(true);
    try {
      const trimmed = url.trim();
      const res = await put<CallbackSettingsView>('/callback-settings', {
        callback_url: trimmed === '' ? null : trimmed,
      });
      settings.setData(() => res);
      setSaved(true);
    } catch (err2) {
      noteIfInactive(err2);
      const fe = isApiError(err2) ? err2.fieldErrors() : {};
      if (fe.callback_url) setUrlError(fe.callback_url);
      else setSaveError(err2);
    } finally {
      setSaving(false);
    }
  };

  const fetchSecret = async (): Promise<string> => {
    if (secret !== null) return secret;
    const { callback_secret: s } = await get<CallbackSecretView>('/callback-settings/secret');
    setSecret(s);
    return s;
  };

  const toggleReveal = async () => {
    setSecretError(null);
    if (revealed) {
      setRevealed(false);
      return;
    }
    setSecretBusy(true);
    try {
      await fetchSecret();
      setRevealed(true);
    } catch (e) {
      noteIfInactive(e);
      setSecretError(e);
    } finally {
      setSecretBusy(false);
    }
  };

  const regeneration = useConfirmAction<true>(async () => {
    try {
      const res = await post<CallbackSecretView>('/callback-settings/secret');
      setSecret(res.callback_secret);
      setRevealed(true);
      setSecretNote(
        'A new secret was generated. The old secret no longer signs callbacks — update your receiver now.',
      );
    } catch (e) {
      noteIfInactive(e);
      throw e;
    }
  });

  const loadErr = settings.error;
  const inactive = isApiError(loadErr) && loadErr.code === 'account_not_activated';
  const locked = accountLocked || inactive;

  return (
    <Card
      title="Callback"
      description="Signet sends signed POST requests to this URL when something happens to your resources. Each one carries an X-Cryptopay-Signature header: HMAC-SHA256 of the raw body with the callback secret."
    >
      {settings.loading ? (
        <Spinner label="Loading callback settings" />
      ) : (
        <>
          {inactive ? <LockedNote /> : loadErr ? <ErrorText error={loadErr} /> : null}
          <form onSubmit={save} noValidate className="inline-form" aria-label="Callback URL">
            <Field
              label="Callback URL"
              error={urlError}
              hint="Must be reachable from the Signet server and answer 200 within 10 seconds."
              className="grow"
            >
              {(p) => (
                <input
                  {...p}
                  className="input"
                  type="url"
                  inputMode="url"
                  placeholder="https://example.com/signet/callbacks"
                  value={url}
                  disabled={locked}
                  onChange={(e) => {
                    setUrl(e.target.value);
                    setSaved(false);
                    if (urlError) setUrlError(null);
                  }}
                />
              )}
            </Field>
            <div className="inline-form-actions">
              <Button type="submit" variant="primary" loading={saving} disabled={locked}>
                Save URL
              </Button>
            </div>
          </form>
          <ErrorText error={saveError} />
          {saved ? (
            <p className="success-text" role="status">
              Callback URL saved.
            </p>
          ) : null}

          <div className="divider" />

          <div className="secret-row">
            <Field
              label="Callback secret"
              hint="Use it to verify the signature of every callback. Viewing it is recorded in the audit log."
              className="grow"
            >
              {(p) => (
                <input
                  {...p}
                  className="input mono"
                  readOnly
                  value={revealed ? secret || '(no secret yet — regenerate to create one)' : MASK}
                  data-testid="callback-secret"
                  aria-label={revealed ? 'Callback secret' : 'Callback secret (hidden)'}
                />
              )}
            </Field>
            <div className="secret-actions">
              <Button onClick={() => void toggleReveal()} loading={secretBusy} disabled={locked}>
                {revealed ? 'Hide secret' : 'Reveal secret'}
              </Button>
              <CopyButton size="md" label="callback secret" value={fetchSecret} disabled={locked} />
              <Button variant="danger" onClick={() => regeneration.ask(true)} disabled={locked}>
                Regenerate secret
              </Button>
            </div>
          </div>
          <ErrorText error={secretError} />
          {secretNote ? (
            <p className="success-text" role="status">
              {secretNote}
            </p>
          ) : null}
        </>
      )}

      <ConfirmDialog
        open={regeneration.target !== null}
        title="Regenerate the callback secret?"
        confirmLabel="Regenerate secret"
        busy={regeneration.busy}
        error={regeneration.error}
        onCancel={regeneration.cancel}
        onConfirm={regeneration.confirm}
      >
        <p>
          <strong>The old secret stops working immediately.</strong> Every callback from now on is signed with
          the new secret, so your receiver will reject them until you update it.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
