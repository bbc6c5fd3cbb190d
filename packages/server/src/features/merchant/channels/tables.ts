import type { Generated } from 'kysely';
import type { ChannelPaymentStatus, ChannelPaymentStatusContext, ChannelStatus } from './channel-states.js';

/** Tables of migration 018_channels. Decimals and times are text (ISO strings), as everywhere. */

export interface MerchantChannelsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  status: ChannelStatus;
  name: string;
  description: string | null;
  pay_currency: string;
  receiver_currency: string;
  address: string;
  network: string;
  custom_id: string | null;
  customer_id: string | null;
  /** Not on the wire (Channel has no created_at); kept for the record and ordering ties. */
  created_at: string;
  updated_at: string;
}

export interface MerchantChannelPaymentsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  channel_id: string;
  status: ChannelPaymentStatus;
  status_context: ChannelPaymentStatusContext | null;
  paid_amount: string;
  paid_currency: string;
  received_amount: string;
  received_currency: string;
  fee: string;
  fee_currency: string;
  /** The rate paid → received the payment was converted at ("1.0" when they are the same). */
  exchange_rate: string;
  txid: string;
  /** JSON of a Risk. */
  risk: string;
  refund_address: string | null;
  coin_withdrawal_id: string | null;
  /** Copied from the channel when the payment arrived (a later PATCH does not rewrite history). */
  custom_id: string | null;
  customer_id: string | null;
  address: string;
  network: string;
  created_at: string;
  updated_at: string;
}

declare module '../../../platform/db/database.js' {
  interface Database {
    merchant_channels: MerchantChannelsTable;
    merchant_channel_payments: MerchantChannelPaymentsTable;
  }
}
