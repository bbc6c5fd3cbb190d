import { useState } from 'react';
import { usePagedList } from '../api/hooks';
import type { SandboxChannel, SandboxChannelPayment } from '../api/types';
import { Link } from '../router';
import { useAccess } from '../session/access';
import { useAuthed } from '../session/SessionContext';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card, PageHeader } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { humanize } from '../ui/format';
import { LoadMore } from '../ui/LoadMore';
import { Spinner } from '../ui/Spinner';
import { Table } from '../ui/Table';
import { Time } from '../ui/Time';
import { SandboxUnavailable, StatusCell } from './SandboxParts';
import { SendPaymentDialog } from './SendPaymentDialog';

const TITLE = 'Sandbox channels';
const PAGE = 20;

/** A channel's payments, newest first; each can be moved on from the Simulate page. */
function ChannelPayments({ channel, canSimulate }: { channel: SandboxChannel; canSimulate: boolean }) {
  const payments = usePagedList<SandboxChannelPayment>(
    `/sandbox/channels/${encodeURIComponent(channel.id)}/payments`,
    {},
    PAGE,
  );
  const list = payments.items;
  return (
    <Card
      title={`Payments to ${channel.name}`}
      actions={
        <Button size="sm" onClick={payments.reload} loading={payments.loading && list.length > 0}>
          Refresh
        </Button>
      }
    >
      {payments.loading && list.length === 0 ? (
        <Spinner label="Loading payments" />
      ) : payments.error && list.length === 0 ? (
        <ErrorText error={payments.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No payments yet">
          Send one to this channel’s address with “Send payment”.
        </EmptyState>
      ) : (
        <>
          <Table<SandboxChannelPayment>
            caption={`Payments to channel ${channel.name}`}
            testId="sandbox-channel-payments-table"
            rows={list}
            rowKey={(p) => p.id}
            columns={[
              { key: 'id', header: 'Payment', render: (p) => <code className="mono small">{p.id}</code> },
              {
                key: 'status',
                header: 'Status',
                render: (p) => <StatusCell status={p.status} context={p.status_context} />,
              },
              { key: 'paid', header: 'Paid', render: (p) => `${p.paid_amount} ${p.paid_currency}` },
              {
                key: 'received',
                header: 'Received',
                render: (p) => `${p.received_amount} ${p.received_currency}`,
              },
              { key: 'risk', header: 'Risk', render: (p) => (p.risk ? humanize(p.risk.level) : '—') },
              { key: 'created', header: 'Created', render: (p) => <Time value={p.created_at} /> },
              {
                key: 'actions',
                header: <span className="visually-hidden">Actions</span>,
                className: 'actions-col',
                render: (p) =>
                  canSimulate ? (
                    <Link
                      to={`/sandbox/simulate?resource=channel_payment&id=${encodeURIComponent(p.id)}`}
                      aria-label={`Simulate channel payment ${p.id}`}
                    >
                      Simulate…
                    </Link>
                  ) : null,
              },
            ]}
          />
          <LoadMore list={payments} />
        </>
      )}
    </Card>
  );
}

/**
 * The account's channels (made with POST /api/channels) and their payments; "Send payment" is
 * the sandbox's most common action: a customer paying to a channel's address.
 */
export function SandboxChannelsPage() {
  const { mode } = useAuthed();
  const simulate = useAccess('sandbox.simulate');
  const production = mode === 'production';
  const channels = usePagedList<SandboxChannel>(production ? null : '/sandbox/channels', {}, PAGE);
  const [sending, setSending] = useState<SandboxChannel | null>(null);
  const [shown, setShown] = useState<SandboxChannel | null>(null);
  // Remounts the payments list after a payment was sent, so it is fetched fresh.
  const [sent, setSent] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  if (production) return <SandboxUnavailable title={TITLE} />;

  const list = channels.items;
  return (
    <div className="page">
      <PageHeader
        title={TITLE}
        description="Your channels (static deposit addresses) and the payments sent to them. Send a test payment to see its callbacks arrive."
        actions={
          <Button onClick={channels.reload} loading={channels.loading && list.length > 0}>
            Refresh
          </Button>
        }
      />
      <Card title="Channels">
        {notice ? (
          <p className="success-text" role="status">
            {notice}
          </p>
        ) : null}
        {channels.loading && list.length === 0 ? (
          <Spinner label="Loading channels" />
        ) : channels.error && list.length === 0 ? (
          <ErrorText error={channels.error} />
        ) : list.length === 0 ? (
          <EmptyState title="No channels yet">
            Create one with <code>POST /api/channels</code> (a key with <code>channels:write</code>), or
            trigger a <code>ChannelPayment</code> event on the <Link to="/sandbox/simulate">Simulate</Link>{' '}
            page, which creates one.
          </EmptyState>
        ) : (
          <>
            <Table<SandboxChannel>
              caption="Channels"
              testId="sandbox-channels-table"
              rows={list}
              rowKey={(c) => c.id}
              columns={[
                {
                  key: 'name',
                  header: 'Channel',
                  render: (c) => (
                    <span className="stack">
                      <span>{c.name}</span>
                      <code className="mono small">{c.id}</code>
                      {c.custom_id ? <span className="muted small">{c.custom_id}</span> : null}
                    </span>
                  ),
                },
                {
                  key: 'currencies',
                  header: 'Pays in → credits',
                  render: (c) => (
                    <span className="stack">
                      <span>
                        {c.pay_currency} → {c.receiver_currency}
                      </span>
                      <span className="muted small">{c.network}</span>
                    </span>
                  ),
                },
                {
                  key: 'address',
                  header: 'Address',
                  render: (c) => <code className="mono small">{c.address}</code>,
                },
                {
                  key: 'status',
                  header: 'Status',
                  render: (c) => (
                    <Badge tone={c.status === 'enabled' ? 'success' : 'neutral'}>{humanize(c.status)}</Badge>
                  ),
                },
                {
                  key: 'actions',
                  header: <span className="visually-hidden">Actions</span>,
                  className: 'actions-col',
                  render: (c) => (
                    <span className="button-row">
                      {simulate.shown ? (
                        <Button
                          size="sm"
                          aria-label={`Send a payment to channel ${c.name}`}
                          disabled={!simulate.allowed}
                          onClick={() => setSending(c)}
                        >
                          Send payment
                        </Button>
                      ) : null}
                      <Button
                        size="sm"
                        aria-pressed={shown?.id === c.id}
                        aria-label={`Payments to channel ${c.name}`}
                        onClick={() => setShown(shown?.id === c.id ? null : c)}
                      >
                        Payments
                      </Button>
                    </span>
                  ),
                },
              ]}
            />
            <LoadMore list={channels} />
          </>
        )}
      </Card>
      {shown ? (
        <ChannelPayments key={`${shown.id}:${sent}`} channel={shown} canSimulate={simulate.shown} />
      ) : null}
      {sending ? (
        <SendPaymentDialog
          channel={sending}
          onClose={() => setSending(null)}
          onDone={(payment) => {
            setSending(null);
            setShown(sending);
            setSent((n) => n + 1);
            setNotice(
              `Payment of ${payment.paid_amount} ${payment.paid_currency} sent to ${sending.name}: ${humanize(payment.status)}` +
                (payment.status_context ? ` (${humanize(payment.status_context)})` : '') +
                '. Its callbacks are on their way.',
            );
          }}
        />
      ) : null}
    </div>
  );
}
