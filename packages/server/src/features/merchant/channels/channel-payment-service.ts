import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import { conflict, fieldError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { isValidAddress, sandboxAddress, sandboxTxid } from '../addresses/addresses.js';
import { postLedgerEntry, setLedgerStatus, signedUnits } from '../balances/ledger-store.js';
import { findCoin, findCurrency } from '../currencies.js';
import { formatUnits } from '../money/decimal.js';
import type { SandboxAudit } from '../resource.js';
import { HIGH_RISK, LOW_RISK } from '../wire/common-models.js';
import type { MerchantPageQuery } from '../wire/list.js';
import { channelRate } from './channel-catalogue.js';
import { channelPaymentObject, type ChannelPaymentRow, type ChannelRow } from './channel-object.js';
import { emitChannelPaymentEvent } from './channel-payment-events.js';
import { convertPayment, parsePaidAmount } from './channel-payment-amounts.js';
import {
  findChannelPaymentRow,
  findPaymentRow,
  insertPaymentRow,
  listPaymentRows,
  updatePaymentState,
} from './channel-payment-store.js';
import {
  planIncoming,
  planTransition,
  type ChannelPaymentTarget,
  type PaymentStep,
} from './channel-states.js';
import { findChannelRow } from './channel-store.js';
import type { ChannelPayment, ChannelPaymentList } from './channels.schemas.js';

export async function listChannelPayments(
  ctx: AppContext,
  accountId: string,
  channelId: string,
  page: MerchantPageQuery,
): Promise<ChannelPaymentList> {
  const db = ctx.db.kysely;
  if (!(await findChannelRow(db, accountId, channelId))) throw notFound('channel');
  const found = await listPaymentRows(db, accountId, channelId, page);
  if (!found)
    throw fieldError('querystring.starting_after', 'must be the id of a payment in this list', 'not_found');
  return {
    data: found.rows.map(channelPaymentObject),
    meta: { total: found.total, has_more: found.hasMore },
  };
}

export async function getChannelPayment(
  ctx: AppContext,
  accountId: string,
  channelId: string,
  id: string,
): Promise<ChannelPayment> {
  const row = await findChannelPaymentRow(ctx.db.kysely, accountId, channelId, id);
  if (!row) throw notFound('channel payment');
  return channelPaymentObject(row);
}

/** The ledger movement a completed payment makes: its received amount, once (completed is final). */
async function credit(t: Tx, row: ChannelPaymentRow, at: string): Promise<void> {
  await postLedgerEntry(t.db, {
    accountId: row.account_id,
    currency: row.received_currency,
    units: signedUnits(row.received_amount, row.received_currency),
    referenceType: 'ChannelPayment',
    referenceId: row.id,
    description: `Channel payment ${row.id} to channel ${row.custom_id ?? row.channel_id}`,
    at,
    status: row.status,
    statusContext: row.status_context,
    customId: row.custom_id,
    customerId: row.customer_id,
    fee: { units: signedUnits(row.fee, row.fee_currency), currency: row.fee_currency },
    risk: JSON.parse(row.risk),
  });
}

const applyStep = (row: ChannelPaymentRow, step: PaymentStep, now: string): ChannelPaymentRow => ({
  ...row,
  status: step.status,
  status_context: step.status_context,
  updated_at: now,
});

export interface IncomingPayment {
  amount: string | number;
  confirmations: number;
  illicit: boolean;
}

/**
 * A payment arriving at a channel's address, as the sandbox network delivers it: converted at
 * the sandbox rate less the fee, `created` as pending, then completed or held (channel-states.ts)
 * — each step's callback carries the payment as it stood then. The payment, its callbacks, the
 * ledger credit and the audit line commit together.
 */
export async function receiveChannelPayment(
  ctx: AppContext,
  accountId: string,
  channelId: string,
  incoming: IncomingPayment,
  audit: SandboxAudit,
): Promise<ChannelPayment> {
  return tx(ctx, async (t) => {
    const channel = await findChannelRow(t.db, accountId, channelId);
    if (!channel) throw notFound('channel');
    const row = newPaymentRow(channel, incoming, t.now.toISOString());
    const steps = planIncoming({ ...incoming, channel });
    let current = row;
    for (const [i, step] of steps.entries()) {
      current = applyStep(current, step, row.created_at);
      if (i === 0) await insertPaymentRow(t.db, current);
      else await updatePaymentState(t.db, current, 'pending');
      if (step.status === 'completed') await credit(t, current, row.created_at);
      await emitChannelPaymentEvent(ctx, t, accountId, step.event, channelPaymentObject(current));
    }
    await t.audit({
      accountId,
      actor: audit.actor,
      action: 'sandbox.channel_simulated',
      target: `${channel.id}: payment ${current.id} of ${current.paid_amount} ${current.paid_currency} → ${current.status}${current.status_context ? ` (${current.status_context})` : ''}`,
      ip: audit.ip,
    });
    return channelPaymentObject(current);
  });
}

function newPaymentRow(channel: ChannelRow, incoming: IncomingPayment, now: string): ChannelPaymentRow {
  const coin = findCoin(channel.pay_currency);
  const network = coin?.networks.find((n) => n.network === channel.network);
  const receiver = findCurrency(channel.receiver_currency);
  const rate = channelRate(channel.pay_currency, channel.receiver_currency);
  if (!coin || !network || !receiver || rate === undefined)
    throw new Error(`channel ${channel.id} names a pair the catalogue no longer has`);
  const paid = parsePaidAmount(incoming.amount, coin.precision, network.minimum_amount);
  if (!paid.ok) throw fieldError('amount', paid.message, paid.code, paid.args);
  const money = convertPayment({
    paid: paid.units,
    payPrecision: coin.precision,
    receiverPrecision: receiver.precision,
    rate,
  });
  return {
    id: randomUUID(),
    account_id: channel.account_id,
    channel_id: channel.id,
    status: 'pending',
    status_context: null,
    paid_amount: formatUnits(money.paid, coin.precision),
    paid_currency: coin.currency,
    received_amount: formatUnits(money.received, receiver.precision),
    received_currency: receiver.currency,
    fee: formatUnits(money.fee, receiver.precision),
    fee_currency: receiver.currency,
    exchange_rate: rate,
    txid: sandboxTxid(),
    risk: JSON.stringify(incoming.illicit ? HIGH_RISK : LOW_RISK),
    refund_address: null,
    coin_withdrawal_id: null,
    custom_id: channel.custom_id,
    customer_id: channel.customer_id,
    address: channel.address,
    network: channel.network,
    created_at: now,
    updated_at: now,
  };
}

export interface PaymentMove {
  status: ChannelPaymentTarget;
  status_context?: string | null | undefined;
  /** Where a refund goes; the sender's address (a sandbox one) when not given. */
  refund_address?: string | null | undefined;
}

/**
 * A later move of a payment (confirmation, compliance hold or release, refund, timeout). A move
 * its state machine forbids is a 422 `invalid_state` on the payment id, args `{status}`; nothing
 * is written then.
 */
export async function moveChannelPayment(
  ctx: AppContext,
  accountId: string,
  id: string,
  move: PaymentMove,
  audit: SandboxAudit,
): Promise<ChannelPayment> {
  return tx(ctx, async (t) => {
    const row = await findPaymentRow(t.db, accountId, id);
    if (!row) throw notFound('channel payment');
    const channel = await findChannelRow(t.db, accountId, row.channel_id);
    if (!channel) throw new Error(`channel payment ${id} without its channel`);
    const plan = planTransition(row, move, channel);
    if (!plan.ok)
      throw validationFailed([
        plan.field === 'status'
          ? { field: 'id', message: plan.message, code: plan.code, args: { status: row.status } }
          : {
              field: 'status_context',
              message: plan.message,
              code: plan.code,
              args: { list: [...plan.list] },
            },
      ]);
    const refundAddress =
      plan.step.status === 'refunded'
        ? (move.refund_address ?? sandboxAddress(row.paid_currency, row.network))
        : row.refund_address;
    if (
      plan.step.status === 'refunded' &&
      !isValidAddress(row.paid_currency, row.network, refundAddress ?? '')
    )
      throw fieldError(
        'refund_address',
        `is not a valid ${row.paid_currency} address`,
        'invalid_coin_address',
        {
          currency: row.paid_currency,
        },
      );
    const now = t.now.toISOString();
    const next: ChannelPaymentRow = {
      ...applyStep(row, plan.step, now),
      risk: plan.illicit ? JSON.stringify(HIGH_RISK) : row.risk,
      refund_address: refundAddress,
    };
    if (!(await updatePaymentState(t.db, next, row.status)))
      throw conflict('the channel payment changed meanwhile; reload it and try again');
    if (plan.credits) await credit(t, next, now);
    await setLedgerStatus(t.db, accountId, row.id, next.status, next.status_context);
    await emitChannelPaymentEvent(ctx, t, accountId, plan.step.event, channelPaymentObject(next));
    await t.audit({
      accountId,
      actor: audit.actor,
      action: 'sandbox.channel_payment_simulated',
      target: `${row.id}: ${row.status} → ${next.status}${next.status_context ? ` (${next.status_context})` : ''}`,
      ip: audit.ip,
    });
    return channelPaymentObject(next);
  });
}
