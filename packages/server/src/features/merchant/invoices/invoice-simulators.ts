import { tx } from '../../../platform/db/tx.js';
import { fieldError } from '../../../platform/http/errors.js';
import type { Simulator, Trigger } from '../resource.js';
import { insertInvoice } from './invoice-service.js';
import { simulateInTx, simulateInvoiceState } from './invoice-simulation-service.js';
import { INVOICE_SIMULATION_STATES, type InvoiceSimulationState } from './invoice-simulation.js';
import { createInvoiceBody } from './invoice.schemas.js';
import { completeRefund } from './refund-service.js';

const isSimulationState = (s: string): s is InvoiceSimulationState =>
  INVOICE_SIMULATION_STATES.some((x) => x === s);

/** `signet sandbox simulate invoice <id> <state> [amount=…]`. */
export const invoiceSimulator: Simulator = {
  resource: 'invoice',
  states: INVOICE_SIMULATION_STATES,
  options: { amount: 'transaction_created: the amount sent in the pay currency (default: the rest due)' },
  simulate(ctx, accountId, id, state, options, audit) {
    // The registry checked `state` against `states` already.
    if (!isSimulationState(state)) throw fieldError('state', `unknown state ${state}`);
    return simulateInvoiceState(ctx, accountId, id, state, { amount: options.amount }, audit);
  },
};

/** `signet sandbox simulate refund <id> completed`: the refund's transaction is sent. */
export const refundSimulator: Simulator = {
  resource: 'refund',
  states: ['completed'],
  simulate: (ctx, accountId, id, _state, _options, audit) => completeRefund(ctx, accountId, id, audit),
};

/** What a trigger bills: a fiat-priced invoice paid in bitcoin. */
const TRIGGER_INVOICE = createInvoiceBody.parse({
  price_amount: '100',
  price_currency: 'EUR',
  pay_currency: 'BTC',
});

/**
 * `signet sandbox trigger Invoice.<event>`: a new invoice moved, in one transaction, through the
 * states that end in that event (the ones before it fire too, as they would for real).
 */
function invoiceTrigger(event: string, path: InvoiceSimulationState[]): Trigger {
  return {
    event: `Invoice.${event}`,
    fire: (ctx, accountId, audit) =>
      tx(ctx, async (t) => {
        let invoice = await insertInvoice(ctx, t, accountId, TRIGGER_INVOICE);
        const id = invoice.id;
        if (path.length === 0)
          await t.audit({
            accountId,
            actor: audit.actor,
            action: 'sandbox.invoice_simulated',
            target: `${id} created`,
            ip: audit.ip,
          });
        for (const sim of path) invoice = await simulateInTx(ctx, t, accountId, id, sim, {}, audit);
        return invoice;
      }),
  };
}

export const invoiceTriggers: Trigger[] = [
  invoiceTrigger('created', []),
  invoiceTrigger('transaction_created', ['transaction_created']),
  invoiceTrigger('transaction_confirmed', ['transaction_created', 'transaction_confirmed']),
  invoiceTrigger('status_changed', ['paid']),
  invoiceTrigger('refunded', ['underpaid', 'refunded']),
  invoiceTrigger('recalculated', ['underpaid', 'recalculated']),
];
