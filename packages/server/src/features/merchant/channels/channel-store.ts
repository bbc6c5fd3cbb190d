import type { Executor } from '../../../platform/db/database.js';
import { keysetPageWithTotal, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { ChannelRow } from './channel-object.js';
import type { ChannelStatus } from './channel-states.js';

/** Every column but the internal `seq`. */
const COLUMNS = [
  'id',
  'account_id',
  'status',
  'name',
  'description',
  'pay_currency',
  'receiver_currency',
  'address',
  'network',
  'custom_id',
  'customer_id',
  'created_at',
  'updated_at',
] as const;

// Every lookup is scoped by account: another account's channel simply does not exist here.
export async function findChannelRow(
  db: Executor,
  accountId: string,
  id: string,
): Promise<ChannelRow | null> {
  const row = await db
    .selectFrom('merchant_channels')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function findChannelRowByCustomId(
  db: Executor,
  accountId: string,
  customId: string,
): Promise<ChannelRow | null> {
  const row = await db
    .selectFrom('merchant_channels')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('custom_id', '=', customId)
    .executeTakeFirst();
  return row ?? null;
}

/** The account's newest channel with `status`, for triggers that need one. */
export async function findNewestChannelRow(
  db: Executor,
  accountId: string,
  status: ChannelStatus,
): Promise<ChannelRow | null> {
  const row = await db
    .selectFrom('merchant_channels')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('status', '=', status)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export interface ChannelFilter {
  customerId?: string | undefined;
}

/**
 * Newest first, narrowed by `filter`, with the total that matches. Null when `starting_after` is
 * not one of the account's channels (another account's included).
 */
export async function listChannelRows(
  db: Executor,
  accountId: string,
  filter: ChannelFilter,
  page: PageRequest,
): Promise<(Page<ChannelRow> & { total: number }) | null> {
  const base = () => {
    let q = db.selectFrom('merchant_channels').where('account_id', '=', accountId);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    return q;
  };
  return keysetPageWithTotal(page, {
    list: base,
    // Any of the account's channels is a cursor, filtered out or not: a PATCHed customer_id
    // must not break a page boundary someone is holding [I].
    cursors: () => db.selectFrom('merchant_channels').where('account_id', '=', accountId),
    select: (q) => q.select(COLUMNS),
  });
}

export async function insertChannelRow(db: Executor, row: ChannelRow): Promise<void> {
  await db.insertInto('merchant_channels').values(row).execute();
}

/** The updatable fields of a channel; the row as it is afterwards, or null when it is not there. */
export async function updateChannelRow(
  db: Executor,
  accountId: string,
  id: string,
  patch: Partial<Pick<ChannelRow, 'name' | 'description' | 'status' | 'customer_id'>> & {
    updated_at: string;
  },
): Promise<ChannelRow | null> {
  const result = await db
    .updateTable('merchant_channels')
    .set(patch)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  return findChannelRow(db, accountId, id);
}
