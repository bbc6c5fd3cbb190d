import { useState } from 'react';
import { post } from '../api/client';
import { usePagedList } from '../api/hooks';
import type { SandboxInvoice } from '../api/types';
import { Link } from '../router';
import { useAccess } from '../session/access';
import { useAuthed } from '../session/SessionContext';
import { Button } from '../ui/Button';
import { Banner, Card, PageHeader } from '../ui/Card';
import { Dialog } from '../ui/Dialog';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { SelectField, TextField } from '../ui/Field';
import { humanize } from '../ui/format';
import { LoadMore } from '../ui/LoadMore';
import { Spinner } from '../ui/Spinner';
import { Table } from '../ui/Table';
import { Time } from '../ui/Time';
import { useFormSubmit } from '../ui/useFormSubmit';
import { ServerError, StatusCell } from './SandboxParts';
import { useSandboxSubmit } from './useSandboxSubmit';

const TARGETS = ['completed', 'unresolved', 'refunded', 'cancelled'] as const;
/** Why an invoice is unresolved (the only status with a context), as the API spells them. */
const CONTEXTS = ['underpaid', 'overpaid', 'paid_late', 'illicit_resource'] as const;

/** Create answers the invoice as the merchant API does: `{ data: invoice }`. */
interface InvoiceResponse {
  data: SandboxInvoice;
}

/** The server's default page; "Load more" fetches the next one. */
const PAGE = 20;

function CreateInvoiceForm({
  allowed,
  onCreated,
}: {
  allowed: boolean;
  onCreated: (inv: SandboxInvoice) => void;
}) {
  const [amount, setAmount] = useState('100');
  const [priceCurrency, setPriceCurrency] = useState('EUR');
  const [payCurrency, setPayCurrency] = useState('BTC');
  const {
    busy,
    error,
    fieldErrors: fe,
    submit,
  } = useFormSubmit({
    fields: ['price_amount', 'price_currency', 'pay_currency'],
    validate: () => {
      const errs: Record<string, string> = {};
      if (!/^\d+(\.\d+)?$/.test(amount.trim()) || Number(amount) <= 0)
        errs.price_amount = 'Enter a positive amount, e.g. 100 or 12.50.';
      if (!/^[A-Za-z]{2,10}$/.test(priceCurrency.trim()))
        errs.price_currency = 'Enter a currency code, e.g. EUR.';
      if (!/^[A-Za-z]{2,10}$/.test(payCurrency.trim()))
        errs.pay_currency = 'Enter a currency code, e.g. BTC.';
      return errs;
    },
    send: () =>
      post<InvoiceResponse>('/sandbox/invoices', {
        price_amount: amount.trim(),
        price_currency: priceCurrency.trim().toUpperCase(),
        pay_currency: payCurrency.trim().toUpperCase(),
      }),
    onSuccess: (res) => onCreated(res.data),
  });

  return (
    <Card
      title="Create test invoice"
      description="Creates an invoice exactly as the API would, and sends its callbacks."
    >
      <form onSubmit={submit} noValidate className="inline-form" aria-label="Create test invoice">
        <TextField
          label="Price amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={fe.price_amount}
        />
        <TextField
          label="Price currency"
          value={priceCurrency}
          onChange={(e) => setPriceCurrency(e.target.value)}
          error={fe.price_currency}
          className="input-short"
        />
        <TextField
          label="Pay currency"
          value={payCurrency}
          onChange={(e) => setPayCurrency(e.target.value)}
          error={fe.pay_currency}
          className="input-short"
        />
        <div className="inline-form-actions">
          <Button type="submit" variant="primary" loading={busy} disabled={!allowed}>
            Create test invoice
          </Button>
        </div>
      </form>
      <ErrorText error={error} />
    </Card>
  );
}

/**
 * The quick simulation of one invoice: a status and, for unresolved, why. It goes through the
 * generic simulate endpoint, whose invoice states are named after the outcome (`completed`,
 * `underpaid`, …); the Simulate page offers the others (a transaction seen, a recalculation).
 */
function SimulateDialog({
  invoice,
  onClose,
  onDone,
}: {
  invoice: SandboxInvoice;
  onClose: () => void;
  onDone: (inv: SandboxInvoice) => void;
}) {
  const [status, setStatus] = useState<(typeof TARGETS)[number]>('completed');
  const [context, setContext] = useState<(typeof CONTEXTS)[number]>('underpaid');
  const form = useSandboxSubmit({
    fields: { state: 'status', status: 'status', status_context: 'status_context' },
    send: () =>
      post<{ data: SandboxInvoice }>('/sandbox/simulate', {
        resource: 'invoice',
        id: invoice.id,
        state: status === 'unresolved' ? context : status,
      }),
    onSuccess: (res) => onDone(res.data),
  });

  return (
    <Dialog
      open
      title="Simulate payment"
      description={
        <p>
          Moves invoice <code>{invoice.custom_id || invoice.id}</code> as a real payment would, and sends the
          matching callbacks.
        </p>
      }
      onClose={() => {
        if (!form.busy) onClose();
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={form.busy}>
            Cancel
          </Button>
          <Button type="submit" form="simulate-form" variant="primary" loading={form.busy}>
            Simulate
          </Button>
        </>
      }
    >
      <form
        id="simulate-form"
        onSubmit={form.submit}
        noValidate
        className="form-stack"
        aria-label="Simulate payment"
      >
        <SelectField
          label="Target status"
          value={status}
          onChange={(e) => setStatus(e.target.value as (typeof TARGETS)[number])}
          error={form.fieldErrors.status}
        >
          {TARGETS.map((t) => (
            <option key={t} value={t}>
              {humanize(t)}
            </option>
          ))}
        </SelectField>
        {status === 'unresolved' ? (
          <SelectField
            label="Status context"
            value={context}
            onChange={(e) => setContext(e.target.value as (typeof CONTEXTS)[number])}
            error={form.fieldErrors.status_context}
            hint="Why the payment could not complete the invoice."
          >
            {CONTEXTS.map((c) => (
              <option key={c} value={c}>
                {humanize(c)}
              </option>
            ))}
          </SelectField>
        ) : null}
        <p className="small muted">
          Every other state (a transaction seen, a recalculation, …) is on the{' '}
          <Link to={`/sandbox/simulate?resource=invoice&id=${encodeURIComponent(invoice.id)}`}>Simulate</Link>{' '}
          page.
        </p>
        <ServerError error={form.error} details={form.otherDetails} />
      </form>
    </Dialog>
  );
}

export function SandboxInvoicesPage() {
  const { mode } = useAuthed();
  // Creating and simulating are one capability on the server (sandbox.simulate).
  const simulate = useAccess('sandbox.simulate');
  const production = mode === 'production';
  const invoices = usePagedList<SandboxInvoice>(production ? null : '/sandbox/invoices', {}, PAGE);
  const [simulating, setSimulating] = useState<SandboxInvoice | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (production) {
    return (
      <div className="page">
        <PageHeader title="Sandbox invoices" />
        <Banner tone="info" title="Sandbox tools are not available">
          This Signet server runs in production mode. Test invoices exist only when it runs in sandbox mode.
        </Banner>
      </div>
    );
  }

  const list = invoices.items;
  return (
    <div className="page">
      <PageHeader
        title="Sandbox invoices"
        description="Create test invoices and simulate what happens to them, to exercise your callback handler end to end."
        actions={
          <Button onClick={invoices.reload} loading={invoices.loading && list.length > 0}>
            Refresh
          </Button>
        }
      />
      {simulate.shown ? (
        <CreateInvoiceForm
          allowed={simulate.allowed}
          onCreated={(inv) => {
            setNotice(`Test invoice ${inv.custom_id || inv.id} created.`);
            invoices.setItems((prev) => [inv, ...prev]);
          }}
        />
      ) : null}
      <Card title="Test invoices">
        {notice ? (
          <p className="success-text" role="status">
            {notice}
          </p>
        ) : null}
        {invoices.loading && list.length === 0 ? (
          <Spinner label="Loading invoices" />
        ) : invoices.error && list.length === 0 ? (
          <ErrorText error={invoices.error} />
        ) : list.length === 0 ? (
          <EmptyState title="No test invoices yet">Create one above to see it here.</EmptyState>
        ) : (
          <>
            <Table<SandboxInvoice>
              caption="Test invoices"
              testId="sandbox-invoices-table"
              rows={list}
              rowKey={(i) => i.id}
              columns={[
                {
                  key: 'id',
                  header: 'Invoice',
                  render: (i) => (
                    <span className="stack">
                      <code className="mono small">{i.id}</code>
                      {i.custom_id ? <span className="muted small">{i.custom_id}</span> : null}
                    </span>
                  ),
                },
                {
                  key: 'status',
                  header: 'Status',
                  render: (i) => <StatusCell status={i.status} context={i.status_context} />,
                },
                { key: 'price', header: 'Price', render: (i) => `${i.price_amount} ${i.price_currency}` },
                {
                  key: 'pay',
                  header: 'Pay',
                  render: (i) => `${i.pay_amount} ${i.pay_currency}`,
                },
                { key: 'created', header: 'Created', render: (i) => <Time value={i.created_at} /> },
                {
                  key: 'actions',
                  header: <span className="visually-hidden">Actions</span>,
                  className: 'actions-col',
                  render: (i) =>
                    simulate.shown ? (
                      <Button
                        size="sm"
                        aria-label={`Simulate payment for invoice ${i.custom_id || i.id}`}
                        disabled={!simulate.allowed}
                        onClick={() => setSimulating(i)}
                      >
                        Simulate payment
                      </Button>
                    ) : null,
                },
              ]}
            />
            <LoadMore list={invoices} />
          </>
        )}
      </Card>
      {simulating ? (
        <SimulateDialog
          invoice={simulating}
          onClose={() => setSimulating(null)}
          onDone={(inv) => {
            setSimulating(null);
            setNotice('Payment simulated. The matching callbacks are on their way.');
            invoices.setItems((prev) => prev.map((x) => (x.id === inv.id ? inv : x)));
          }}
        />
      ) : null}
    </div>
  );
}
