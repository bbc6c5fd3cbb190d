import type { Executor } from '../../../platform/db/database.js';
import { keysetPageWithTotal, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { ChannelPaymentRow } from './channel-object.js';
import type { ChannelPaymentStatus } from './channel-states.js';

/** Every column but the internal `seq`. */
const COLUMNS = [
  'id',
  'account_id',
  'channel_id',
  'status',
  'status_context',
  'paid_amount',
  'paid_currency',
  'received_amount',
  'received_currency',
  'fee',
  'fee_currency',
  'exchange_rate',
  'txid',
  'risk',
  'refund_address',
  'coin_withdrawal_id',
  'custom_id',
  'customer_id',
  'address',
  'network',
  'created_at',
  'updated_at',
] as const;

/** One payment of the account, by id (any channel), or null. */
export async function findPaymentRow(
  db: Executor,
  accountId: string,
  id: string,
): Promise<ChannelPaymentRow | null> {
  const row = await db
    .selectFrom('merchant_channel_payments')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** One payment of one of the account's channels: a payment of another channel is not found. */
export async function findChannelPaymentRow(
  db: Executor,
  accountId: string,
  channelId: string,
  id: string,
): Promise<ChannelPaymentRow | null> {
  const row = await db
    .selectFrom('merchant_channel_payments')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('channel_id', '=', channelId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** A channel's payments, newest first, with their total; null for a cursor outside this list. */
export async function listPaymentRows(
  db: Executor,
  accountId: string,
  channelId: string,
  page: PageRequest,
): Promise<(Page<ChannelPaymentRow> & { total: number }) | null> {
  const base = () =>
    db
      .selectFrom('merchant_channel_payments')
      .where('account_id', '=', accountId)
      .where('channel_id', '=', channelId);
  return keysetPageWithTotal(page, { list: base, select: (q) => q.select(COLUMNS) });
}

export async function insertPaymentRow(db: Executor, row: ChannelPaymentRow): Promise<void> {
  await db.insertInto('merchant_channel_payments').values(row).execute();
}

/**
 * Writes a payment's new state only if it still has the status it was planned from, so two
 * simultaneous moves cannot both apply (every move changes the status). False when it had moved.
 */
export async function updatePaymentState(
  db: Executor,
  row: ChannelPaymentRow,
  fromStatus: ChannelPaymentStatus,
): Promise<boolean> {
  const result = await db
    .updateTable('merchant_channel_payments')
    .set({
      status: row.status,
      status_context: row.status_context,
      risk: row.risk,
      refund_address: row.refund_address,
      updated_at: row.updated_at,
    })
    .where('account_id', '=', row.account_id)
    .where('id', '=', row.id)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
