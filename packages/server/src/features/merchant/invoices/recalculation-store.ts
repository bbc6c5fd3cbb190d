import type { Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import './tables.js';
import type { MerchantInvoiceRecalculationsTable } from './tables.js';

export type RecalculationRow = Omit<Selectable<MerchantInvoiceRecalculationsTable>, 'seq'>;

const COLUMNS = [
  'id',
  'account_id',
  'invoice_id',
  'pay_amount',
  'pay_currency',
  'price_amount',
  'price_currency',
  'fee',
  'fee_currency',
  'previous_pay_amount',
  'previous_price_amount',
  'previous_exchange_rate',
  'exchange_rate',
  'created_at',
  'committed_at',
] as const;

export async function insertRecalculationRow(db: Executor, row: RecalculationRow): Promise<void> {
  await db.insertInto('merchant_invoice_recalculations').values(row).execute();
}

/** One recalculation of one of the account's invoices (another invoice's id is not found). */
export async function findRecalculationRow(
  db: Executor,
  accountId: string,
  invoiceId: string,
  id: string,
): Promise<RecalculationRow | null> {
  const row = await db
    .selectFrom('merchant_invoice_recalculations')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('invoice_id', '=', invoiceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Sets `committed_at` once; false when another commit got there first. */
export async function markCommitted(db: Executor, row: RecalculationRow, at: string): Promise<boolean> {
  const result = await db
    .updateTable('merchant_invoice_recalculations')
    .set({ committed_at: at })
    .where('account_id', '=', row.account_id)
    .where('id', '=', row.id)
    .where('committed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
