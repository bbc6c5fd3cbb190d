import type { AppContext } from '../../../platform/context.js';
import { fieldError } from '../../../platform/http/errors.js';
import type { SandboxAudit, Simulator, Trigger } from '../resource.js';
import { findCoin } from '../currencies.js';
import { parseUnits, formatUnits, pow10 } from '../money/decimal.js';
import { moveChannelPayment, receiveChannelPayment } from './channel-payment-service.js';
import { createChannel } from './channel-service.js';
import { CHANNEL_PAYMENT_TARGETS, type ChannelPaymentTarget } from './channel-states.js';
import { findChannelRow, findNewestChannelRow } from './channel-store.js';
import { createChannelBody, type ChannelPayment } from './channels.schemas.js';

/**
 * `signet sandbox simulate channel <channel_id> payment [amount=… confirmations=… illicit=…]`,
 * `… channel_payment <id> <status> [status_context=… refund_address=…]` and the
 * `ChannelPayment.*` triggers. Options arrive as text and are checked here.
 */

/** With no amount, a payment of 100 times the network's minimum (0.01 BTC, 100 USDT on Tron). */
async function defaultAmount(ctx: AppContext, accountId: string, channelId: string): Promise<string> {
  const channel = await findChannelRow(ctx.db.kysely, accountId, channelId);
  const coin = channel ? findCoin(channel.pay_currency) : undefined;
  const network = coin?.networks.find((n) => n.network === channel?.network);
  if (!coin || !network) return '0'; // the service answers the 404 (or the amount error)
  const min = parseUnits(network.minimum_amount, coin.precision);
  if (!min.ok) throw new Error(`bad network minimum ${network.minimum_amount}`);
  return formatUnits(min.units * pow10(2), coin.precision);
}

function confirmationsOption(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d{1,4}$/.test(text) || Number(text) > 1000)
    throw fieldError('confirmations', 'must be a whole number from 0 to 1000');
  return Number(text);
}

function illicitOption(text: string | undefined): boolean {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw fieldError('illicit', 'must be one of: true, false', 'must_be_included_in', {
    list: ['true', 'false'],
  });
}

export const channelSimulator: Simulator = {
  resource: 'channel',
  states: ['payment'],
  options: {
    amount: 'in the pay currency (default: 100 × the network minimum)',
    confirmations: '0 leaves the payment pending, 1 or more completes it (default 1)',
    illicit: 'true holds it as illicit_resource (default false)',
  },
  async simulate(ctx, accountId, id, _state, options, audit) {
    return receiveChannelPayment(
      ctx,
      accountId,
      id,
      {
        amount: options.amount ?? (await defaultAmount(ctx, accountId, id)),
        confirmations: confirmationsOption(options.confirmations),
        illicit: illicitOption(options.illicit),
      },
      audit,
    );
  },
};

export const channelPaymentSimulator: Simulator = {
  resource: 'channel_payment',
  states: CHANNEL_PAYMENT_TARGETS,
  options: {
    status_context: 'for on_hold: illicit_resource or channel_disabled',
    refund_address: 'for refunded: where the funds go (default: a sandbox sender address)',
  },
  simulate: (ctx, accountId, id, state, options, audit) =>
    moveChannelPayment(
      ctx,
      accountId,
      id,
      {
        status: state as ChannelPaymentTarget,
        status_context: options.status_context,
        refund_address: options.refund_address,
      },
      audit,
    ),
};

/**
 * The account's newest enabled channel, or a new BTC → EUR one: a disabled channel would hold
 * every payment, and the completed trigger must complete.
 */
async function triggerChannel(ctx: AppContext, accountId: string): Promise<string> {
  const found = await findNewestChannelRow(ctx.db.kysely, accountId, 'enabled');
  if (found) return found.id;
  const input = createChannelBody.parse({
    name: 'Sandbox trigger channel',
    pay_currency: 'BTC',
    receiver_currency: 'EUR',
  });
  const created = await createChannel(ctx, accountId, input);
  return created.id;
}

type Scenario = (
  ctx: AppContext,
  accountId: string,
  channelId: string,
  audit: SandboxAudit,
) => Promise<ChannelPayment>;

const pay =
  (confirmations: number, illicit: boolean, then?: ChannelPaymentTarget): Scenario =>
  async (ctx, accountId, channelId, audit) => {
    const amount = await defaultAmount(ctx, accountId, channelId);
    const payment = await receiveChannelPayment(
      ctx,
      accountId,
      channelId,
      { amount, confirmations, illicit },
      audit,
    );
    return then ? moveChannelPayment(ctx, accountId, payment.id, { status: then }, audit) : payment;
  };

const SCENARIOS: Record<string, Scenario> = {
  created: pay(0, false),
  completed: pay(1, false),
  on_hold: pay(1, true),
  refunded: pay(1, true, 'refunded'),
  cancelled: pay(0, false, 'cancelled'),
};

export const channelPaymentTriggers: Trigger[] = Object.entries(SCENARIOS).map(([event, scenario]) => ({
  event: `ChannelPayment.${event}`,
  fire: async (ctx, accountId, audit) =>
    scenario(ctx, accountId, await triggerChannel(ctx, accountId), audit),
}));
