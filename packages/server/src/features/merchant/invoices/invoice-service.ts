import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/audit/audit-log.js';
import { tx } from '../../../platform/db/tx.js';
import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import type { PageRequest } from '../../../platform/db/paginate.js';
import {
  conflict,
  duplicateCustomId,
  fieldError,
  notFound,
  validationFailed,
} from '../../../platform/http/errors.js';
import { postLedgerEntry, setLedgerStatus } from '../balances/ledger-store.js';
import { findCoin } from '../currencies.js';
import { formatUnits } from '../money/decimal.js';
import { emitInvoiceEvent } from './invoice-events.js';
import {
  invoiceObject,
  paymentStateOf,
  withPaymentState,
  type InvoiceObject,
  type InvoiceRow,
} from './invoice-object.js';
import { priceInvoice } from './invoice-pricing.js';
import { settlementUnits } from './invoice-settlement.js';
import { planTransition, type InvoiceStatus } from './invoice-state.js';
import {
  findInvoiceRow,
  findInvoiceRowByCustomId,
  insertInvoiceRow,
  listInvoiceRows,
  updatePaymentState,
} from './invoice-store.js';
import type { CreateInvoiceInput, InvoiceList } from './invoice.schemas.js';
import { sandboxAddress, sandboxTxid } from '../addresses/addresses.js';

/** How long a new invoice waits for its payment, as on Cryptopay. */
export const INVOICE_LIFETIME_MS = 15 * 60_000;

const render = (ctx: AppContext, row: InvoiceRow) => invoiceObject(row, ctx.config.publicUrl);

/** Creates an invoice and emits `created` in the same transaction. */
export async function createInvoice(
  ctx: AppContext,
  accountId: string,
  input: CreateInvoiceInput,
  /** Set by the subscriptions resource when it bills a period. */
  links: { subscriptionId?: string } = {},
): Promise<InvoiceObject> {
  const priced = priceInvoice(input);
  if (!priced.ok) throw validationFailed(priced.issues);
  const p = priced.pricing;
  const now = ctx.now();
  const coin = findCoin(p.pay_currency);
  const row: InvoiceRow = {
    id: randomUUID(),
    account_id: accountId,
    custom_id: input.custom_id ?? null,
    customer_id: input.customer_id ?? null,
    subscription_id: links.subscriptionId ?? null,
    status: 'new',
    status_context: null,
    address: sandboxAddress(p.pay_currency, p.network),
    network: p.network,
    price_amount: p.price_amount,
    price_currency: p.price_currency,
    fee: p.fee,
    fee_currency: p.fee_currency,
    pay_amount: p.pay_amount,
    pay_currency: p.pay_currency,
    paid_amount: formatUnits(0n, coin?.precision ?? 0),
    exchange_rate: p.rate,
    transactions: '[]',
    name: input.name ?? null,
    description: input.description ?? null,
    metadata: input.metadata === undefined ? null : JSON.stringify(input.metadata),
    success_redirect_url: input.success_redirect_url ?? null,
    unsuccess_redirect_url: input.unsuccess_redirect_url ?? null,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + INVOICE_LIFETIME_MS).toISOString(),
    updated_at: now.toISOString(),
  };
  const invoice = render(ctx, row);
  try {
    await tx(ctx, async (t) => {
      await insertInvoiceRow(t.db, row);
      await emitInvoiceEvent(ctx, t, accountId, { type: 'Invoice', event: 'created', data: invoice });
    });
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it.
    if (isUniqueViolation(err)) throw duplicateCustomId('invoice');
    throw err;
  }
  return invoice;
}

export async function getInvoice(ctx: AppContext, accountId: string, id: string): Promise<InvoiceObject> {
  const row = await findInvoiceRow(ctx.db.kysely, accountId, id);
  if (!row) throw notFound('invoice');
  return render(ctx, row);
}

export async function getInvoiceByCustomId(
  ctx: AppContext,
  accountId: string,
  customId: string,
): Promise<InvoiceObject> {
  const row = await findInvoiceRowByCustomId(ctx.db.kysely, accountId, customId);
  if (!row) throw notFound('invoice');
  return render(ctx, row);
}

export async function listInvoices(
  ctx: AppContext,
  accountId: string,
  page: PageRequest,
): Promise<InvoiceList> {
  const found = await listInvoiceRows(ctx.db.kysely, accountId, page);
  if (!found) throw fieldError('querystring.starting_after', 'must be the id of one of your invoices');
  return { data: found.rows.map((r) => render(ctx, r)), meta: { has_more: found.hasMore } };
}

export interface SimulationTarget {
  status: InvoiceStatus;
  status_context?: string | null | undefined;
}

/**
 * Moves a sandbox invoice as a payment would: the new state, each event of the transition (with
 * the invoice as it stood at that event), the ledger entry and the audit line commit together.
 */
export async function simulateInvoice(
  ctx: AppContext,
  accountId: string,
  id: string,
  target: SimulationTarget,
  audit: { actor: Actor; ip: string },
): Promise<InvoiceObject> {
  return tx(ctx, async (t) => {
    const trx = t.db;
    const row = await findInvoiceRow(trx, accountId, id);
    if (!row) throw notFound('invoice');
    const coin = findCoin(row.pay_currency);
    if (!coin) throw new Error(`invoice ${id} has unknown pay currency ${row.pay_currency}`);
    const now = ctx.now().toISOString();
    const from = paymentStateOf(row);
    const plan = planTransition(from, target, {
      currency: row.pay_currency,
      network: row.network,
      precision: coin.precision,
      now,
      newTxid: sandboxTxid,
    });
    if (!plan.ok) throw validationFailed([{ field: plan.field, message: plan.message }]);

    const updated = { ...withPaymentState(row, plan.final), updated_at: now };
    if (!(await updatePaymentState(trx, updated, from.status)))
      throw conflict('the invoice changed meanwhile; reload it and try again');
    for (const step of plan.steps) {
      const data = render(ctx, withPaymentState(row, step.state));
      await emitInvoiceEvent(ctx, t, accountId, { type: 'Invoice', event: step.event, data });
    }
    const units = settlementUnits(from.status, plan.final.status, row);
    if (units !== null)
      await postLedgerEntry(trx, {
        accountId,
        currency: row.price_currency,
        units,
        referenceType: 'Invoice',
        referenceId: row.id,
        description:
          units > 0n
            ? `Invoice ${row.custom_id ?? row.id} paid`
            : `Invoice ${row.custom_id ?? row.id} refunded`,
        at: now,
        status: plan.final.status,
        statusContext: plan.final.status_context ?? null,
        customId: row.custom_id,
        customerId: row.customer_id,
      });
    await setLedgerStatus(trx, accountId, row.id, plan.final.status, plan.final.status_context ?? null);
    await t.audit({
      accountId,
      actor: audit.actor,
      action: 'sandbox.invoice_simulated',
      target: `${row.id}: ${from.status} → ${plan.final.status}${plan.final.status_context ? ` (${plan.final.status_context})` : ''}`,
      ip: audit.ip,
    });
    return render(ctx, updated);
  });
}
