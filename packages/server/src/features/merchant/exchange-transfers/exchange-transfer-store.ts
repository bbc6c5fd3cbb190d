import type { Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { MerchantExchangeTransfersTable } from './tables.js';

export type ExchangeTransferRow = Omit<Selectable<MerchantExchangeTransfersTable>, 'seq'>;

const COLUMNS = [
  'id',
  'account_id',
  'custom_id',
  'charged_amount',
  'charged_currency',
  'received_amount',
  'received_currency',
  'pair',
  'rate',
  'fee',
  'fee_currency',
  'status',
  'created_at',
  'committed_at',
] as const;

// Scoped by account: another account's transfer simply does not exist here.
export async function findExchangeTransferRow(
  db: Executor,
  accountId: string,
  id: string,
): Promise<ExchangeTransferRow | null> {
  const row = await db
    .selectFrom('merchant_exchange_transfers')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Throws the database's unique violation on a reused custom_id. */
export async function insertExchangeTransferRow(db: Executor, row: ExchangeTransferRow): Promise<void> {
  await db.insertInto('merchant_exchange_transfers').values(row).execute();
}

/** Quote → executed; false when it was no longer a quote of this account. */
export async function markCommitted(
  db: Executor,
  accountId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('merchant_exchange_transfers')
    .set({ status: 'committed', committed_at: at })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where('status', '=', 'created')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
