import type { Executor } from '../../../platform/db/database.js';
import { keysetPageWithTotal, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { InvoiceStatus } from '../invoices/invoice-state.js';
import type { SubscriptionRow } from './subscription-object.js';

/** Every column but the internal `seq`. */
const COLUMNS = [
  'id',
  'account_id',
  'status',
  'custom_id',
  'name',
  'amount',
  'currency',
  'period',
  'period_quantity',
  'starts_at',
  'periods_paid',
  'last_paid_invoice_id',
  'payer_email',
  'payer_name',
  'product_name',
  'product_description',
  'success_redirect_url',
  'unsuccess_redirect_url',
  'created_at',
  'cancelled_at',
  'updated_at',
] as const;

// Every lookup is scoped by account: another account's subscription simply does not exist here.
export async function findSubscriptionRow(
  db: Executor,
  accountId: string,
  id: string,
): Promise<SubscriptionRow | null> {
  const row = await db
    .selectFrom('merchant_subscriptions')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function findSubscriptionRowByCustomId(
  db: Executor,
  accountId: string,
  customId: string,
): Promise<SubscriptionRow | null> {
  const row = await db
    .selectFrom('merchant_subscriptions')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('custom_id', '=', customId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Newest first, with the total. Null when `starting_after` is not one of the account's
 * subscriptions (another account's included).
 */
export async function listSubscriptionRows(
  db: Executor,
  accountId: string,
  page: PageRequest,
): Promise<(Page<SubscriptionRow> & { total: number }) | null> {
  const base = () => db.selectFrom('merchant_subscriptions').where('account_id', '=', accountId);
  return keysetPageWithTotal(page, { list: base, select: (q) => q.select(COLUMNS) });
}

/**
 * The account's never-paid active subscriptions whose first-payment deadline is at or before
 * `nowIso` (ISO strings compare in time order); `id` narrows it to one.
 */
export async function findOverdueRows(
  db: Executor,
  accountId: string,
  nowIso: string,
  id?: string,
): Promise<SubscriptionRow[]> {
  let q = db
    .selectFrom('merchant_subscriptions')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('status', '=', 'active')
    .where('periods_paid', '=', 0)
    .where('starts_at', '<=', nowIso);
  if (id !== undefined) q = q.where('id', '=', id);
  return q.orderBy('seq').execute();
}

/** The account's newest subscription that is still active, for triggers that need one. */
export async function findNewestActiveRow(db: Executor, accountId: string): Promise<SubscriptionRow | null> {
  const row = await db
    .selectFrom('merchant_subscriptions')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('status', '=', 'active')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export async function insertSubscriptionRow(db: Executor, row: SubscriptionRow): Promise<void> {
  await db.insertInto('merchant_subscriptions').values(row).execute();
}

/**
 * Writes a new lifecycle state only if the subscription is still as it was planned from (status
 * and payments counted), so two simultaneous moves cannot both apply.
 */
export async function updateSubscriptionState(
  db: Executor,
  row: SubscriptionRow,
  from: { status: SubscriptionRow['status']; periods_paid: number },
): Promise<boolean> {
  const result = await db
    .updateTable('merchant_subscriptions')
    .set({
      status: row.status,
      periods_paid: row.periods_paid,
      last_paid_invoice_id: row.last_paid_invoice_id,
      cancelled_at: row.cancelled_at,
      updated_at: row.updated_at,
    })
    .where('account_id', '=', row.account_id)
    .where('id', '=', row.id)
    .where('status', '=', from.status)
    .where('periods_paid', '=', from.periods_paid)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The newest invoice issued for the subscription (its open bill, or the last one paid). A read of
 * the invoices table by the link that table keeps for this purpose (`subscription_id`).
 */
export async function findNewestBill(
  db: Executor,
  accountId: string,
  subscriptionId: string,
): Promise<{ id: string; status: InvoiceStatus } | null> {
  const row = await db
    .selectFrom('merchant_invoices')
    .select(['id', 'status'])
    .where('account_id', '=', accountId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}
