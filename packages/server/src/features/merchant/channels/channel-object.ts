import type { Selectable } from 'kysely';
import { paymentUri } from '../addresses/addresses.js';
import type { Risk } from '../wire/common-models.js';
import { wireTime } from '../wire/timestamp.js';
import type { Channel, ChannelPayment } from './channels.schemas.js';
import type { MerchantChannelPaymentsTable, MerchantChannelsTable } from './tables.js';

export type ChannelRow = Omit<Selectable<MerchantChannelsTable>, 'seq'>;
export type ChannelPaymentRow = Omit<Selectable<MerchantChannelPaymentsTable>, 'seq'>;

/**
 * The channel as the merchant API shows it. `project_id` is the Signet account (Cryptopay's
 * project owns keys and balances); `uri` has no amount, since a channel takes any amount.
 * `publicUrl` is read at render time, so a changed SIGNET_PUBLIC_URL shows on old channels too.
 */
export function channelObject(row: ChannelRow, publicUrl: string): Channel {
  return {
    id: row.id,
    status: row.status,
    name: row.name,
    description: row.description,
    pay_currency: row.pay_currency,
    receiver_currency: row.receiver_currency,
    address: row.address,
    network: row.network,
    project_id: row.account_id,
    custom_id: row.custom_id,
    customer_id: row.customer_id,
    uri: paymentUri({ currency: row.pay_currency, network: row.network, address: row.address }),
    hosted_page_url: `${publicUrl}/channels/${row.id}`,
  };
}

/** The payment as the merchant API (and every ChannelPayment callback) shows it. */
export function channelPaymentObject(row: ChannelPaymentRow): ChannelPayment {
  return {
    id: row.id,
    channel_id: row.channel_id,
    paid_amount: row.paid_amount,
    paid_currency: row.paid_currency,
    received_amount: row.received_amount,
    received_currency: row.received_currency,
    fee: row.fee,
    fee_currency: row.fee_currency,
    txid: row.txid,
    exchange:
      row.paid_currency === row.received_currency
        ? null
        : {
            pair: `${row.paid_currency}${row.received_currency}`,
            rate: row.exchange_rate,
            fee: row.fee,
            fee_currency: row.fee_currency,
          },
    risk: JSON.parse(row.risk) as Risk,
    status: row.status,
    status_context: row.status_context,
    refund_address: row.refund_address,
    coin_withdrawal_id: row.coin_withdrawal_id,
    custom_id: row.custom_id,
    customer_id: row.customer_id,
    address: row.address,
    network: row.network,
    created_at: wireTime(row.created_at),
  };
}
