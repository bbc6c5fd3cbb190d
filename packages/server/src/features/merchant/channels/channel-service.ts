import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { tx } from '../../../platform/db/tx.js';
import { duplicateCustomId, fieldError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { sandboxAddress } from '../addresses/addresses.js';
import type { MerchantPageQuery } from '../wire/list.js';
import { checkChannelCurrencies } from './channel-catalogue.js';
import { channelObject, type ChannelRow } from './channel-object.js';
import {
  findChannelRow,
  findChannelRowByCustomId,
  insertChannelRow,
  listChannelRows,
  updateChannelRow,
} from './channel-store.js';
import type { Channel, ChannelList, CreateChannelInput, UpdateChannelInput } from './channels.schemas.js';

const render = (ctx: AppContext, row: ChannelRow) => channelObject(row, ctx.config.publicUrl);

/**
 * Opens a channel: a permanent sandbox address for one pay currency, crediting the receiver
 * currency. No callback: Cryptopay has none for channels themselves (§4.2). `customer_id` is
 * the merchant's reference and is not checked against Customer objects, as on invoices.
 */
export async function createChannel(
  ctx: AppContext,
  accountId: string,
  input: CreateChannelInput,
): Promise<Channel> {
  const checked = checkChannelCurrencies(input);
  if (!checked.ok) throw validationFailed(checked.issues);
  const c = checked.value;
  const now = ctx.now().toISOString();
  const row: ChannelRow = {
    id: randomUUID(),
    account_id: accountId,
    status: 'enabled',
    name: input.name,
    description: input.description ?? null,
    pay_currency: c.pay_currency,
    receiver_currency: c.receiver_currency,
    address: sandboxAddress(c.pay_currency, c.network),
    network: c.network,
    custom_id: input.custom_id ?? null,
    customer_id: input.customer_id ?? null,
    created_at: now,
    updated_at: now,
  };
  try {
    await tx(ctx, (t) => insertChannelRow(t.db, row));
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it.
    if (isUniqueViolation(err)) throw duplicateCustomId('channel');
    throw err;
  }
  return render(ctx, row);
}

export async function getChannel(ctx: AppContext, accountId: string, id: string): Promise<Channel> {
  const row = await findChannelRow(ctx.db.kysely, accountId, id);
  if (!row) throw notFound('channel');
  return render(ctx, row);
}

export async function getChannelByCustomId(
  ctx: AppContext,
  accountId: string,
  customId: string,
): Promise<Channel> {
  const row = await findChannelRowByCustomId(ctx.db.kysely, accountId, customId);
  if (!row) throw notFound('channel');
  return render(ctx, row);
}

/** An unknown cursor (another account's channel included) is a 422 on `starting_after`. */
export async function listChannels(
  ctx: AppContext,
  accountId: string,
  query: MerchantPageQuery & { customer_id?: string | undefined },
): Promise<ChannelList> {
  const found = await listChannelRows(ctx.db.kysely, accountId, { customerId: query.customer_id }, query);
  if (!found)
    throw fieldError('querystring.starting_after', 'must be the id of a channel in this list', 'not_found');
  return {
    data: found.rows.map((r) => render(ctx, r)),
    meta: { total: found.total, has_more: found.hasMore },
  };
}

/**
 * Changes what a channel may change (name, description, status, customer_id); an empty patch
 * answers the channel unchanged. Disabling it only affects payments that arrive later: they are
 * held (`on_hold` / `channel_disabled`). No callback, as on Cryptopay.
 */
export async function updateChannel(
  ctx: AppContext,
  accountId: string,
  id: string,
  input: UpdateChannelInput,
): Promise<Channel> {
  const patch = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.customer_id !== undefined ? { customer_id: input.customer_id } : {}),
    updated_at: ctx.now().toISOString(),
  };
  const row = await tx(ctx, (t) => updateChannelRow(t.db, accountId, id, patch));
  if (!row) throw notFound('channel');
  return render(ctx, row);
}
