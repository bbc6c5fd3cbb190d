import type { AppContext } from '../../../platform/context.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import { fieldError, notFound } from '../../../platform/http/errors.js';
import { sandboxAddress, sandboxTxid } from '../addresses/addresses.js';
import type { SandboxAudit } from '../resource.js';
import { uuid } from '../wire/ids.js';
import { applyInvoiceChange, changeOf, lockedInvoice, payCoinOf } from './invoice-changes.js';
import { paymentStateOf, type InvoiceObject } from './invoice-object.js';
import { planSimulation, type InvoiceSimulationState } from './invoice-simulation.js';
import { describe } from './invoice-state.js';
import { recalculateInvoice } from './recalculation-service.js';
import { refundInvoice } from './refund-service.js';

export interface SimulationOptions {
  /** `transaction_created`: the amount sent, in the pay currency. */
  amount?: string | undefined;
  /** The request field a refusal names (`state` for the sandbox endpoints, `status` for the old body). */
  field?: string;
}

/**
 * Moves a sandbox invoice as the network (or Cryptopay's automatic handling) would, inside `t`:
 * the new state, each event's callback with the invoice as it stood then, the ledger and the
 * audit line commit together. A state the invoice cannot take is a 422 naming why.
 */
export async function simulateInTx(
  ctx: AppContext,
  t: Tx,
  accountId: string,
  id: string,
  sim: InvoiceSimulationState,
  options: SimulationOptions,
  audit: SandboxAudit,
): Promise<InvoiceObject> {
  const read = await lockedInvoice(t, accountId, id);
  const at = t.now.toISOString();
  const plan = planSimulation({ ...paymentStateOf(read), created_at: read.created_at }, sim, {
    precision: payCoinOf(read).precision,
    now: at,
    newTxid: () => sandboxTxid(read.network),
    sourceAddress: () => sandboxAddress(read.pay_currency, read.network),
    amount: options.amount,
  });
  let invoice: InvoiceObject;
  switch (plan.kind) {
    case 'refused':
      throw fieldError(options.field ?? 'state', plan.message, 'invalid_state', {
        status: read.status,
        ...(read.status_context ? { status_context: read.status_context } : {}),
      });
    case 'refund':
      invoice = (await refundInvoice(ctx, t, read, undefined)).invoice;
      break;
    case 'recalculate':
      invoice = (await recalculateInvoice(ctx, t, read, true)).invoice!;
      break;
    case 'payment':
      invoice = await applyInvoiceChange(ctx, t, changeOf(read, plan.steps.steps, at, plan.window ?? {}));
      break;
  }
  await t.audit({
    accountId,
    actor: audit.actor,
    action: 'sandbox.invoice_simulated',
    target: `${read.id} ${sim}: ${describe(read)} → ${describe(invoice)}`,
    ip: audit.ip,
  });
  return invoice;
}

export async function simulateInvoiceState(
  ctx: AppContext,
  accountId: string,
  id: string,
  sim: InvoiceSimulationState,
  options: SimulationOptions,
  audit: SandboxAudit,
): Promise<InvoiceObject> {
  // Ids come from the CLI and the generic simulate endpoint as any text.
  if (!uuid().safeParse(id).success) throw notFound('invoice');
  return tx(ctx, (t) => simulateInTx(ctx, t, accountId, id, sim, options, audit));
}
