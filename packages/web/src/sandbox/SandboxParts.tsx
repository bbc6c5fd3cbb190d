import type { FieldError } from '../api/client';
import type { SandboxObject } from '../api/types';
import { Badge, statusTone, type Tone } from '../ui/Badge';
import { Banner, PageHeader } from '../ui/Card';
import { ErrorText } from '../ui/ErrorText';
import { humanize } from '../ui/format';
import { keyFields } from './resources';
import './sandbox.css';

/** What every sandbox page shows in production mode, where none of its endpoints exist. */
export function SandboxUnavailable({ title }: { title: string }) {
  return (
    <div className="page">
      <PageHeader title={title} />
      <Banner tone="info" title="Sandbox tools are not available">
        This Signet server runs in production mode. Test objects and simulations exist only when it runs in
        sandbox mode.
      </Banner>
    </div>
  );
}

/** The dashboard's tones, plus the states only sandbox objects have (a held payment waits on someone). */
export function sandboxTone(status: string): Tone {
  if (status === 'on_hold' || status === 'processing') return 'warning';
  if (status === 'sent') return 'info';
  return statusTone(status);
}

/** A status badge with its context beneath, as the lists show them. */
export function StatusCell({ status, context }: { status: string; context?: string | null }) {
  return (
    <span className="stack">
      <Badge tone={sandboxTone(status)}>{humanize(status)}</Badge>
      {context ? <span className="muted small">{humanize(context)}</span> : null}
    </span>
  );
}

/** A server refusal: its sentence, then every detail that has no control of its own to sit under. */
export function ServerError({ error, details }: { error: unknown; details: readonly FieldError[] }) {
  if (!error) return null;
  return (
    <div className="sandbox-error">
      <ErrorText error={error} />
      {details.length > 0 ? (
        <ul className="sandbox-error-details" aria-label="Error details">
          {details.map((d, i) => (
            <li key={i}>
              {d.field ? <code>{d.field}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * An object as the merchant API answered it: status, the key fields, and the whole JSON (the
 * same `data` its callbacks carry).
 */
export function SandboxObjectView({ object, label }: { object: SandboxObject; label: string }) {
  const fields = keyFields(object);
  const status = typeof object.status === 'string' ? object.status : null;
  const context = typeof object.status_context === 'string' ? object.status_context : null;
  return (
    <section className="sandbox-object" aria-label={label}>
      {status ? (
        <p className="sandbox-object-status">
          <Badge tone={sandboxTone(status)}>{humanize(status)}</Badge>
          {context ? <span className="muted"> {humanize(context)}</span> : null}
        </p>
      ) : null}
      <dl className="details compact">
        {fields
          .filter((f) => f.key !== 'status' && f.key !== 'status_context')
          .map((f) => (
            <div key={f.key}>
              <dt>{f.label}</dt>
              <dd
                className={f.key === 'id' || f.key.endsWith('_id') || f.key === 'txid' ? 'mono' : undefined}
              >
                {f.value}
              </dd>
            </div>
          ))}
      </dl>
      <details className="sandbox-json">
        <summary>Full object (JSON)</summary>
        <pre className="command mono">{JSON.stringify(object, null, 2)}</pre>
      </details>
    </section>
  );
}
