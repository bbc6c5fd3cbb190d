import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import { duplicateCustomId, fieldError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { sandboxAddress } from '../addresses/addresses.js';
import { formatUnits } from '../money/decimal.js';
import type { MerchantPageQuery } from '../wire/list.js';
import { precisionOf, render } from './invoice-changes.js';
import { emitInvoiceEvent } from './invoice-events.js';
import type { InvoiceObject, InvoiceRow } from './invoice-object.js';
import { invoiceLifetimeMs, priceInvoice } from './invoice-pricing.js';
import {
  findInvoiceRow,
  findInvoiceRowByCustomId,
  insertInvoiceRow,
  listInvoiceRows,
  type InvoiceFilter,
} from './invoice-store.js';
import type { CreateInvoiceInput, InvoiceList } from './invoice.schemas.js';

/** Set by the subscriptions resource when it bills a period. */
export interface InvoiceLinks {
  subscriptionId?: string;
}

/**
 * Prices and inserts an invoice and emits `created`, inside `t` (the triggers build on it in one
 * transaction). A reused custom_id fails the insert; `createInvoice` turns that into the 409.
 */
export async function insertInvoice(
  ctx: AppContext,
  t: Tx,
  accountId: string,
  input: CreateInvoiceInput,
  links: InvoiceLinks = {},
): Promise<InvoiceObject> {
  const priced = priceInvoice(input);
  if (!priced.ok) throw validationFailed(priced.issues);
  const p = priced.pricing;
  const now = t.now;
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
    paid_amount: formatUnits(0n, precisionOf(p.pay_currency)),
    exchange_rate: p.rate,
    transactions: '[]',
    name: input.name ?? null,
    description: input.description ?? null,
    metadata: input.metadata === undefined ? null : JSON.stringify(input.metadata),
    success_redirect_url: input.success_redirect_url ?? null,
    unsuccess_redirect_url: input.unsuccess_redirect_url ?? null,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + invoiceLifetimeMs(p.price_currency)).toISOString(),
    updated_at: now.toISOString(),
  };
  const invoice = render(ctx, row);
  await insertInvoiceRow(t.db, row);
  await emitInvoiceEvent(ctx, t, accountId, { type: 'Invoice', event: 'created', data: invoice });
  return invoice;
}

/** Creates an invoice and emits `created` in the same transaction. */
export async function createInvoice(
  ctx: AppContext,
  accountId: string,
  input: CreateInvoiceInput,
  links: InvoiceLinks = {},
): Promise<InvoiceObject> {
  try {
    return await tx(ctx, (t) => insertInvoice(ctx, t, accountId, input, links));
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it.
    if (isUniqueViolation(err)) throw duplicateCustomId('invoice');
    throw err;
  }
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

/**
 * Newest first, every filter applied. A cursor that is not one of the account's invoices is a 422
 * on `starting_after` (detail `not_found`), as on every merchant list.
 */
export async function listInvoices(
  ctx: AppContext,
  accountId: string,
  filter: InvoiceFilter,
  page: Pick<MerchantPageQuery, 'limit' | 'starting_after'>,
): Promise<InvoiceList> {
  const found = await listInvoiceRows(ctx.db.kysely, accountId, filter, page);
  if (!found)
    throw fieldError('querystring.starting_after', 'must be the id of one of your invoices', 'not_found');
  return {
    data: found.rows.map((r) => render(ctx, r)),
    meta: { total: found.total, has_more: found.hasMore },
  };
}
