import type { Executor } from '../../../platform/db/database.js';
import { keysetPage, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { InvoiceRow } from './invoice-object.js';
import type { InvoiceStatus } from './invoice-state.js';

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

/**
 * Newest first; `starting_after` names the last invoice of the previous page. Null when that
 * cursor is not one of the account's invoices.
 */
export function listInvoiceRows(
  db: Executor,
  accountId: string,
  page: PageRequest,
): Promise<Page<InvoiceRow> | null> {
  return keysetPage(
    page,
    async (cursor) => {
      const row = await db
        .selectFrom('merchant_invoices')
        .select('seq')
        .where('account_id', '=', accountId)
        .where('id', '=', cursor)
        .executeTakeFirst();
      return row?.seq;
    },
    (before, limit) => {
      let query = db
        .selectFrom('merchant_invoices')
        .select(COLUMNS)
        .where('account_id', '=', accountId)
        .orderBy('seq', 'desc')
        .limit(limit);
      if (before !== undefined) query = query.where('seq', '<', before);
      return query.execute();
    },
  );
}

export async function insertInvoiceRow(db: Executor, row: InvoiceRow): Promise<void> {
  await db.insertInto('merchant_invoices').values(row).execute();
}

/**
 * Writes a new payment state only if the invoice still has the status it was planned from, so
 * two simultaneous simulations cannot both apply (every transition changes the status).
 */
export async function updatePaymentState(
  db: Executor,
  row: InvoiceRow,
  fromStatus: InvoiceStatus,
): Promise<boolean> {
  const result = await db
    .updateTable('merchant_invoices')
    .set({
      status: row.status,
      status_context: row.status_context,
      paid_amount: row.paid_amount,
      transactions: row.transactions,
      updated_at: row.updated_at,
    })
    .where('account_id', '=', row.account_id)
    .where('id', '=', row.id)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
