import type { Executor } from '../../../platform/db/database.js';
import { keysetPageWithTotal, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { CoinWithdrawalRow } from './withdrawal-object.js';
import type { CoinWithdrawalStatus } from './withdrawal-state.js';

/** SQL of coin withdrawals. Every lookup is scoped by account: another's ids do not exist here. */

const COLUMNS = [
  'id',
  'account_id',
  'custom_id',
  'customer_id',
  'address',
  'network',
  'txid',
  'status',
  'charged_amount',
  'charged_currency',
  'received_amount',
  'received_currency',
  'network_fee',
  'network_fee_level',
  'fee',
  'fee_currency',
  'exchange_rate',
  'risk',
  'beneficiary',
  'created_at',
  'committed_at',
  'updated_at',
] as const;

export async function insertWithdrawalRow(db: Executor, row: CoinWithdrawalRow): Promise<void> {
  await db.insertInto('merchant_coin_withdrawals').values(row).execute();
}

export async function findWithdrawalRow(
  db: Executor,
  accountId: string,
  id: string,
): Promise<CoinWithdrawalRow | null> {
  const row = await db
    .selectFrom('merchant_coin_withdrawals')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function findWithdrawalRowByCustomId(
  db: Executor,
  accountId: string,
  customId: string,
): Promise<CoinWithdrawalRow | null> {
  const row = await db
    .selectFrom('merchant_coin_withdrawals')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('custom_id', '=', customId)
    .executeTakeFirst();
  return row ?? null;
}

/** The account's `new` withdrawals created before `cutoff` (ISO): their commit window has closed. */
export async function findOverdueRows(
  db: Executor,
  accountId: string,
  cutoff: string,
): Promise<CoinWithdrawalRow[]> {
  return db
    .selectFrom('merchant_coin_withdrawals')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('status', '=', 'new')
    .where('created_at', '<', cutoff)
    .orderBy('seq')
    .execute();
}

export interface WithdrawalFilter {
  customerId?: string | undefined;
}

/**
 * Newest first, narrowed by `filter`, with the total that matches. Null when `starting_after` is
 * not one of the account's withdrawals in that list.
 */
export async function listWithdrawalRows(
  db: Executor,
  accountId: string,
  filter: WithdrawalFilter,
  page: PageRequest,
): Promise<(Page<CoinWithdrawalRow> & { total: number }) | null> {
  const base = () => {
    let q = db.selectFrom('merchant_coin_withdrawals').where('account_id', '=', accountId);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    return q;
  };
  return keysetPageWithTotal(page, { list: base, select: (q) => q.select(COLUMNS) });
}

/**
 * Writes a status change only if the withdrawal still has the status it was planned from, so two
 * simultaneous moves cannot both apply (every transition changes the status).
 */
export async function updateWithdrawalState(
  db: Executor,
  row: CoinWithdrawalRow,
  fromStatus: CoinWithdrawalStatus,
): Promise<boolean> {
  const result = await db
    .updateTable('merchant_coin_withdrawals')
    .set({
      status: row.status,
      txid: row.txid,
      committed_at: row.committed_at,
      updated_at: row.updated_at,
    })
    .where('account_id', '=', row.account_id)
    .where('id', '=', row.id)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
