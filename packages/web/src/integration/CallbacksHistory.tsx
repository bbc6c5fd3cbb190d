import { Fragment, useEffect, useRef, useState } from 'react';
import { isApiError, post } from '../api/client';
import { usePagedList } from '../api/hooks';
import type { CallbackAttempt, CallbackDelivery, CallbackStatus } from '../api/types';
import { Badge, statusTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { SelectField } from '../ui/Field';
import { humanize } from '../ui/format';
import { LoadMore } from '../ui/LoadMore';
import { Spinner } from '../ui/Spinner';
import { Time } from '../ui/Time';
import { LockedNote } from './LockedNote';

const PAGE = 20;

function attemptResult(a: CallbackAttempt) {
  if (a.http_status !== null && a.http_status !== undefined) {
    const ok = a.http_status >= 200 && a.http_status < 300;
    return <Badge tone={ok ? 'success' : 'danger'}>HTTP {a.http_status}</Badge>;
  }
  return <span className="error-inline">{a.error || 'No response'}</span>;
}

/** Where the event came from: the platform API (the operator's backend) or Signet's own API. */
const SOURCES: Record<CallbackDelivery['source'], { label: string; title: string }> = {
  platform: { label: 'Platform', title: 'Published by your platform through the platform API' },
  signet: { label: 'Signet', title: 'Sent by Signet when a resource changed' },
};

function SourceBadge({ source }: { source: CallbackDelivery['source'] }) {
  const s = SOURCES[source] ?? SOURCES.signet;
  return (
    <span className="source-badge" title={s.title} data-testid="callback-source">
      <Badge tone={source === 'platform' ? 'info' : 'neutral'}>{s.label}</Badge>
    </span>
  );
}

function AttemptsTable({ cb }: { cb: CallbackDelivery }) {
  const attempts = cb.attempts;
  return (
    <div className="attempts">
      <dl className="details compact">
        <div>
          <dt>Callback ID</dt>
          <dd>
            <code>{cb.id}</code>
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{(SOURCES[cb.source] ?? SOURCES.signet).title}</dd>
        </div>
        {cb.event_id ? (
          <div>
            <dt>Event ID</dt>
            <dd>
              <code>{cb.event_id}</code>
            </dd>
          </div>
        ) : null}
        {cb.url ? (
          <div>
            <dt>URL</dt>
            <dd className="break">{cb.url}</dd>
          </div>
        ) : null}
        {cb.status === 'pending' ? (
          <div>
            <dt>Next attempt</dt>
            <dd>
              {cb.next_attempt_at ? <Time value={cb.next_attempt_at} /> : 'As soon as a worker picks it up'}
            </dd>
          </div>
        ) : null}
      </dl>
      {attempts.length === 0 ? (
        <p className="muted">No delivery attempts yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table table-inner">
            <caption className="visually-hidden">Delivery attempts for callback {cb.id}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">Result</th>
                <th scope="col">Duration</th>
                <th scope="col">Response</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a, i) => (
                <tr key={`${a.at}-${i}`}>
                  <td>{i + 1}</td>
                  <td>
                    <Time value={a.at} />
                  </td>
                  <td>
                    {attemptResult(a)}
                    {a.http_status !== null && a.http_status !== undefined && a.error ? (
                      <span className="muted small"> {a.error}</span>
                    ) : null}
                  </td>
                  <td>
                    {a.duration_ms !== null && a.duration_ms !== undefined ? `${a.duration_ms} ms` : '—'}
                  </td>
                  <td>
                    {a.response_excerpt ? (
                      <pre className="excerpt">{a.response_excerpt}</pre>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function CallbacksHistory({
  locked,
  onNotActivated,
}: {
  locked: boolean;
  onNotActivated: () => void;
}) {
  const [status, setStatus] = useState<'' | CallbackStatus>('');
  const list = usePagedList<CallbackDelivery>('/callbacks', { status: status || undefined }, PAGE);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [testBusy, setTestBusy] = useState(false);
  const [testError, setTestError] = useState<unknown>(null);
  const [testNote, setTestNote] = useState<string | null>(null);
  const [resend, setResend] = useState<Record<string, { busy?: boolean; error?: unknown; done?: boolean }>>(
    {},
  );
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const inactive = isApiError(list.error) && list.error.code === 'account_not_activated';

  const sendTest = async () => {
    setTestBusy(true);
    setTestError(null);
    setTestNote(null);
    try {
      await post('/callbacks/test');
      setTestNote('Test callback queued. It appears in the history below in a moment.');
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => list.reload(), 1200);
    } catch (e) {
      if (isApiError(e) && e.code === 'account_not_activated') onNotActivated();
      setTestError(e);
    } finally {
      setTestBusy(false);
    }
  };

  const doResend = async (cb: CallbackDelivery) => {
    setResend((r) => ({ ...r, [cb.id]: { busy: true } }));
    try {
      await post(`/callbacks/${encodeURIComponent(cb.id)}/resend`);
      setResend((r) => ({ ...r, [cb.id]: { done: true } }));
      list.setItems((items) => items.map((i) => (i.id === cb.id ? { ...i, status: 'pending' } : i)));
    } catch (e) {
      if (isApiError(e) && e.code === 'account_not_activated') onNotActivated();
      setResend((r) => ({ ...r, [cb.id]: { error: e } }));
    }
  };

  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Card
      title="Callbacks history"
      description="Every callback Signet sent or will send, with each delivery attempt. Failed deliveries are retried with backoff."
      actions={
        <>
          <Button onClick={() => list.reload()} loading={list.loading && list.items.length > 0}>
            Refresh
          </Button>
          <Button variant="primary" onClick={() => void sendTest()} loading={testBusy} disabled={locked}>
            Send test callback
          </Button>
        </>
      }
    >
      <ErrorText error={testError} />
      {testNote ? (
        <p className="success-text" role="status">
          {testNote}
        </p>
      ) : null}
      <div className="toolbar">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as '' | CallbackStatus)}
          fieldClassName="field-inline"
        >
          <option value="">All</option>
          <option value="pending">Pending</option>
          <option value="delivered">Delivered</option>
          <option value="failed">Failed</option>
          <option value="not_sent">Not sent (no URL)</option>
        </SelectField>
      </div>

      {list.loading && list.items.length === 0 ? (
        <Spinner label="Loading callbacks" />
      ) : inactive ? (
        <LockedNote />
      ) : list.error && list.items.length === 0 ? (
        <ErrorText error={list.error} />
      ) : list.items.length === 0 ? (
        <EmptyState title={status ? `No ${status} callbacks` : 'No callbacks yet'}>
          Callbacks appear here when your resources change. Use “Send test callback” to try your endpoint.
        </EmptyState>
      ) : (
        <>
          <div className="table-scroll">
            <table className="table" data-testid="callbacks-table">
              <caption className="visually-hidden">Callbacks</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Created</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((cb) => {
                  const expanded = open.has(cb.id);
                  const rs = resend[cb.id];
                  const label = [cb.type, cb.event].filter(Boolean).join(' · ') || 'Callback';
                  return (
                    <Fragment key={cb.id}>
                      <tr className={expanded ? 'row-expanded' : undefined}>
                        <td>
                          <button
                            type="button"
                            className="disclosure"
                            aria-expanded={expanded}
                            aria-controls={`cb-${cb.id}`}
                            onClick={() => toggle(cb.id)}
                          >
                            <span className="chevron" aria-hidden="true" />
                            <span className="strong">{label}</span>
                          </button>
                          <SourceBadge source={cb.source} />
                        </td>
                        <td>
                          <Badge tone={statusTone(cb.status)}>{humanize(cb.status)}</Badge>
                        </td>
                        <td>{cb.attempts.length}</td>
                        <td>
                          <Time value={cb.created_at} />
                        </td>
                        <td>
                          {cb.status === 'pending' ? (
                            <Time value={cb.next_attempt_at} />
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td className="actions-col">
                          <Button
                            size="sm"
                            onClick={() => void doResend(cb)}
                            loading={rs?.busy}
                            disabled={locked}
                            aria-label={`Resend callback ${label} ${cb.id}`}
                          >
                            Resend
                          </Button>
                          {rs?.done ? (
                            <span className="success-text small" role="status">
                              Queued
                            </span>
                          ) : null}
                          {rs?.error ? <ErrorText error={rs.error} className="small" /> : null}
                        </td>
                      </tr>
                      {expanded ? (
                        <tr className="detail-row">
                          <td colSpan={6} id={`cb-${cb.id}`}>
                            <AttemptsTable cb={cb} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          <LoadMore list={list} />
        </>
      )}
    </Card>
  );
}
