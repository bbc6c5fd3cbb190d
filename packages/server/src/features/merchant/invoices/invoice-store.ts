import type { Executor } from '../../../platform/db/database.js';
import { keysetPageWithTotal, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { InvoiceRow } from './invoice-object.js';

/** Every column but the internal `seq`: what an invoice object is rendered from. */
const COLUMNS = [
  'id',
  'account_id',
  'custom_id',
  'customer_id',
  'subscription_id',
  'status',
  'status_context',
  'address',
  'network',
  'price_amount',
  'price_currency',
  'fee',
  'fee_currency',
  'pay_amount',
  'pay_currency',
  'paid_amount',
  'exchange_rate',
  'transactions',
  'name',
  'description',
  'metadata',
  'success_redirect_url',
  'unsuccess_redirect_url',
  'created_at',
  'expires_at',
  'updated_at',
] as const;

// Every lookup is scoped by account: another account's invoice id simply does not exist here.
export async function findInvoiceRow(
  db: Executor,
  accountId: string,
  id: string,
): Promise<InvoiceRow | null> {
  const row = await db
    .selectFrom('merchant_invoices')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function findInvoiceRowByCustomId(
  db: Executor,
  accountId: string,
  customId: string,
): Promise<InvoiceRow | null> {
  const row = await db
    .selectFrom('merchant_invoices')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('custom_id', '=', customId)
    .executeTakeFirst();
  return row ?? null;
}

export interface InvoiceFilter {
  customerId?: string | undefined;
  subscriptionId?: string | undefined;
}

/**
 * Newest first, narrowed by `filter`, with the number that match. `starting_after` names any of
 * the account's invoices (the last of the previous page); null when it names none of them.
 */
export async function listInvoiceRows(
  db: Executor,
  accountId: string,
  filter: InvoiceFilter,
  page: PageRequest,
): Promise<(Page<InvoiceRow> & { total: number }) | null> {
  const base = () => {
    let q = db.selectFrom('merchant_invoices').where('account_id', '=', accountId);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    if (filter.subscriptionId !== undefined) q = q.where('subscription_id', '=', filter.subscriptionId);
    return q;
  };
  return keysetPageWithTotal(page, {
    list: base,
    cursors: () => db.selectFrom('merchant_invoices').where('account_id', '=', accountId),
    select: (q) => q.select(COLUMNS),
  });
}

export async function insertInvoiceRow(db: Executor, row: InvoiceRow): Promise<void> {
  await db.insertInto('merchant_invoices').values(row).execute();
}

/**
 * Writes every column a lifecycle change may touch (payment state, the amounts a recalculation
 * replaces, the window a late-payment simulation moves), only if the invoice is still as it was
 * read: callers hold the account's ledger lock, so this is a guard, not the concurrency control.
 */
export async function updateInvoiceRow(db: Executor, next: InvoiceRow, read: InvoiceRow): Promise<boolean> {
  const result = await db
    .updateTable('merchant_invoices')
    .set({
      status: next.status,
      status_context: next.status_context,
      paid_amount: next.paid_amount,
      transactions: next.transactions,
      price_amount: next.price_amount,
      pay_amount: next.pay_amount,
      fee: next.fee,
      exchange_rate: next.exchange_rate,
      created_at: next.created_at,
      expires_at: next.expires_at,
      updated_at: next.updated_at,
    })
    .where('account_id', '=', read.account_id)
    .where('id', '=', read.id)
    .where('status', '=', read.status)
    .where('transactions', '=', read.transactions)
    .where('updated_at', '=', read.updated_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
