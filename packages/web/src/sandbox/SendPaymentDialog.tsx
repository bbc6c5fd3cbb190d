import { useId, useState } from 'react';
import { post } from '../api/client';
import type { SandboxChannel, SandboxChannelPayment } from '../api/types';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { TextField } from '../ui/Field';
import { ServerError } from './SandboxParts';
import { useSandboxSubmit } from './useSandboxSubmit';

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * "Send a payment to this channel": a transaction to the channel's address, as a customer's
 * wallet would send it. Confirmations 0 leave it pending; a sender screened as illicit holds it.
 */
export function SendPaymentDialog({
  channel,
  onClose,
  onDone,
}: {
  channel: SandboxChannel;
  onClose: () => void;
  onDone: (payment: SandboxChannelPayment) => void;
}) {
  const [amount, setAmount] = useState('');
  const [confirmations, setConfirmations] = useState('1');
  const [illicit, setIllicit] = useState(false);
  const illicitHint = useId();
  const form = useSandboxSubmit({
    fields: {
      amount: 'amount',
      paid_amount: 'amount',
      confirmations: 'confirmations',
      illicit: 'illicit',
    },
    validate: () => {
      const errs: Record<string, string> = {};
      if (!DECIMAL.test(amount.trim()) || !/[1-9]/.test(amount))
        errs.amount = `Enter a positive amount in ${channel.pay_currency}, e.g. 0.01.`;
      if (!/^\d{1,4}$/.test(confirmations.trim()) || Number(confirmations) > 1000)
        errs.confirmations = 'Enter a whole number from 0 to 1000.';
      return errs;
    },
    send: () =>
      post<{ data: SandboxChannelPayment }>(`/sandbox/channels/${encodeURIComponent(channel.id)}/payments`, {
        amount: amount.trim(),
        confirmations: Number(confirmations.trim()),
        illicit,
      }),
    onSuccess: (res) => onDone(res.data),
  });

  return (
    <Dialog
      open
      title="Send a payment"
      description={
        <p>
          Sends {channel.pay_currency} on {channel.network} to the address of channel{' '}
          <strong>{channel.name}</strong> (<code>{channel.address}</code>), and the payment's callbacks.
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
          <Button type="submit" form="send-payment-form" variant="primary" loading={form.busy}>
            Send payment
          </Button>
        </>
      }
    >
      <form
        id="send-payment-form"
        onSubmit={form.submit}
        noValidate
        className="form-stack"
        aria-label="Send a payment"
      >
        <TextField
          label={`Amount (${channel.pay_currency})`}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={form.fieldErrors.amount}
          autoComplete="off"
          data-autofocus
        />
        <TextField
          label="Confirmations"
          inputMode="numeric"
          value={confirmations}
          onChange={(e) => setConfirmations(e.target.value)}
          error={form.fieldErrors.confirmations}
          hint="0 leaves the payment pending; 1 or more completes it."
          className="input-short"
        />
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={illicit}
              onChange={(e) => setIllicit(e.target.checked)}
              aria-describedby={illicitHint}
            />
            <span>Sender is illicit</span>
          </label>
          <p className="field-hint" id={illicitHint}>
            The payment is held (on hold, illicit resource) and scored high risk.
          </p>
          {form.fieldErrors.illicit ? (
            <p className="field-error" role="alert">
              {form.fieldErrors.illicit}
            </p>
          ) : null}
        </div>
        <ServerError error={form.error} details={form.otherDetails} />
      </form>
    </Dialog>
  );
}
