import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import { conflict, fieldError, notFound } from '../../../platform/http/errors.js';
import {
  applyInvoiceChange,
  changeOf,
  invalidState,
  lockedInvoice,
  payCoinOf,
  precisionOf,
} from './invoice-changes.js';
import { paymentStateOf, type InvoiceObject, type InvoiceRow } from './invoice-object.js';
import { currentRate } from './invoice-pricing.js';
import { commitCheck, recalculate } from './invoice-resolution.js';
import { changeStatus, describe, merchantResolvable } from './invoice-state.js';
import type { InvoiceRecalculation } from './invoice.schemas.js';
import { recalculationObject } from './recalculation-object.js';
import {
  findRecalculationRow,
  insertRecalculationRow,
  markCommitted,
  type RecalculationRow,
} from './recalculation-store.js';

/**
 * Recalculations (CRYPTOPAY-API.md §2.3, §3.5): a quote that prices the crypto actually received
 * at the current rate; committing it (within 30 s, or at once with `force_commit`) settles the
 * unresolved invoice at that price → `completed`, with `recalculated` then `status_changed` and
 * the price less the fee credited (`Invoice`). The invoice takes the quote's amounts; the quote
 * keeps the previous ones. A quote has no status on the wire: open, committed, or expired after
 * the window (a commit then answers 422 `expired`).
 */

function refuseUnlessResolvable(read: InvoiceRow): void {
  if (!merchantResolvable(read))
    throw invalidState(
      'invoice_id',
      read.status_context === 'illicit_resource'
        ? 'an illicit_resource invoice is resolved by Cryptopay, not recalculated'
        : `only an unresolved invoice can be recalculated; this one is ${describe(read)}`,
      read,
    );
}

/** Settles `read` at the quote's amounts, inside `t`. */
async function settle(
  ctx: AppContext,
  t: Tx,
  read: InvoiceRow,
  quote: RecalculationRow,
): Promise<InvoiceObject> {
  const plan = changeStatus(paymentStateOf(read), 'completed', 'recalculated');
  if (!plan.ok) throw invalidState('invoice_id', plan.message, read);
  const change = changeOf(read, plan.steps, t.now.toISOString(), {
    price_amount: quote.price_amount,
    pay_amount: quote.pay_amount,
    fee: quote.fee,
    exchange_rate: quote.exchange_rate ?? read.exchange_rate,
  });
  return applyInvoiceChange(ctx, t, change);
}

/** Quotes `read` (already locked) inside `t`; shared by the API and the sandbox auto-recalculation. */
export async function recalculateInvoice(
  ctx: AppContext,
  t: Tx,
  read: InvoiceRow,
  forceCommit: boolean,
): Promise<{ recalculation: RecalculationRow; invoice: InvoiceObject | null }> {
  refuseUnlessResolvable(read);
  const same = read.pay_currency === read.price_currency;
  const rate = currentRate(read.pay_currency, read.price_currency);
  if (rate === undefined) throw new Error(`no rate for ${read.pay_currency}/${read.price_currency}`);
  const quote = recalculate({
    paid_amount: read.paid_amount,
    payPrecision: payCoinOf(read).precision,
    pricePrecision: precisionOf(read.price_currency),
    rate: same ? null : rate,
  });
  const at = t.now.toISOString();
  const row: RecalculationRow = {
    id: randomUUID(),
    account_id: read.account_id,
    invoice_id: read.id,
    pay_amount: quote.pay_amount,
    pay_currency: read.pay_currency,
    price_amount: quote.price_amount,
    price_currency: read.price_currency,
    fee: quote.fee,
    fee_currency: read.fee_currency,
    previous_pay_amount: read.pay_amount,
    previous_price_amount: read.price_amount,
    previous_exchange_rate: same ? null : read.exchange_rate,
    exchange_rate: same ? null : rate,
    created_at: at,
    committed_at: forceCommit ? at : null,
  };
  await insertRecalculationRow(t.db, row);
  const invoice = forceCommit ? await settle(ctx, t, read, row) : null;
  return { recalculation: row, invoice };
}

export async function createRecalculation(
  ctx: AppContext,
  accountId: string,
  invoiceId: string,
  forceCommit: boolean,
): Promise<InvoiceRecalculation> {
  return tx(ctx, async (t) => {
    const read = await lockedInvoice(t, accountId, invoiceId);
    return recalculationObject((await recalculateInvoice(ctx, t, read, forceCommit)).recalculation);
  });
}

export async function commitRecalculation(
  ctx: AppContext,
  accountId: string,
  invoiceId: string,
  recalculationId: string,
): Promise<InvoiceRecalculation> {
  return tx(ctx, async (t) => {
    const read = await lockedInvoice(t, accountId, invoiceId);
    const quote = await findRecalculationRow(t.db, accountId, invoiceId, recalculationId);
    if (!quote) throw notFound('recalculation');
    const check = commitCheck(quote, t.now);
    if (check === 'already_committed')
      throw fieldError('recalculation_id', 'is already committed', 'already_committed');
    if (check === 'expired')
      throw fieldError(
        'recalculation_id',
        'has expired: a recalculation must be committed within 30 seconds',
        'expired',
      );
    // Another refund or recalculation may have resolved the invoice since this quote.
    refuseUnlessResolvable(read);
    const at = t.now.toISOString();
    if (!(await markCommitted(t.db, quote, at)))
      throw conflict('the recalculation changed meanwhile; reload it and try again');
    await settle(ctx, t, read, quote);
    return recalculationObject({ ...quote, committed_at: at });
  });
}
