import type { Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import './tables.js';
import type { MerchantInvoiceRefundsTable } from './tables.js';

export type RefundRow = Omit<Selectable<MerchantInvoiceRefundsTable>, 'seq'>;

const COLUMNS = [
  'id',
  'account_id',
  'invoice_id',
  'custom_id',
  'amount',
  'amount_currency',
  'fee',
  'fee_currency',
  'address',
  'network',
  'txid',
  'risk',
  'status',
  'created_at',
  'completed_at',
] as const;

export async function insertRefundRow(db: Executor, row: RefundRow): Promise<void> {
  await db.insertInto('merchant_invoice_refunds').values(row).execute();
}

/** The refunds of one of the account's invoices, oldest first. */
export function listRefundRows(db: Executor, accountId: string, invoiceId: string): Promise<RefundRow[]> {
  return db
    .selectFrom('merchant_invoice_refunds')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('seq')
    .execute();
}

export async function findRefundRow(db: Executor, accountId: string, id: string): Promise<RefundRow | null> {
  const row = await db
    .selectFrom('merchant_invoice_refunds')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Marks a pending refund sent; false when it was not pending any more. */
export async function completeRefundRow(
  db: Executor,
  row: RefundRow,
  txid: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('merchant_invoice_refunds')
    .set({ status: 'completed', txid, completed_at: at })
    .where('account_id', '=', row.account_id)
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
