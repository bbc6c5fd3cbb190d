// Resource shapes of the Cryptopay-compatible merchant API (PROTOCOL.md §4, README "The APIs").
// Amounts are decimal strings, never numbers, so that no precision is lost.
//
// Every wire object is the type of the server's own schema (packages/server/src/contract.ts), so
// client and server cannot drift apart. These are type-only imports: the compiled client has no
// run-time dependency on the server (or on anything else).
import type {
  AccountTransaction,
  Channel,
  ChannelPayment,
  Coin,
  CoinNetwork,
  CoinWithdrawal,
  CreateChannelBody,
  CreateCoinWithdrawalBody,
  CreateCustomerBody,
  CreateExchangeTransferBody,
  CreateInvoiceBody,
  CreateInvoiceRecalculationBody,
  CreateInvoiceRefundBody,
  CreateSubscriptionBody,
  CurrencyAccount,
  Customer,
  CustomerAddress,
  Exchange,
  ExchangeTransfer,
  Invoice,
  InvoiceRecalculation,
  InvoiceRefund,
  InvoiceTransaction,
  NetworkFeeObject,
  Rate,
  RateTable,
  Risk,
  RiskScoreBody,
  Subscription,
  UpdateChannelBody,
  UpdateCustomerBody,
} from '@signet/server/contract';

export type {
  AccountTransaction,
  Channel,
  ChannelPayment,
  Coin,
  CoinNetwork,
  CoinWithdrawal,
  Customer,
  CustomerAddress,
  Exchange,
  ExchangeTransfer,
  Invoice,
  InvoiceRecalculation,
  InvoiceRefund,
  InvoiceTransaction,
  Rate,
  RateTable,
  Risk,
  Subscription,
};
export type InvoiceStatus = Invoice['status'];
export type InvoiceStatusContext = NonNullable<Invoice['status_context']>;
export type InvoiceExchange = Invoice['exchange'];
export type ChannelStatus = Channel['status'];
export type ChannelPaymentStatus = ChannelPayment['status'];
export type CoinWithdrawalStatus = CoinWithdrawal['status'];
export type SubscriptionStatus = Subscription['status'];
export type NetworkFee = NetworkFeeObject;
/** A sandbox currency account and its balance (Cryptopay calls these "accounts"). */
export type Account = CurrencyAccount;
/** An account movement; Cryptopay's global `/api/transactions` lists the same objects. */
export type Transaction = AccountTransaction;

/**
 * What `invoices.create` sends: `price_amount` as a decimal string (or a JSON number), and
 * `metadata` a flat object of strings, numbers, booleans or null.
 */
export type InvoiceCreateParams = CreateInvoiceBody;
export type InvoiceRefundCreateParams = CreateInvoiceRefundBody;
export type InvoiceRecalculationCreateParams = CreateInvoiceRecalculationBody;
export type ChannelCreateParams = CreateChannelBody;
export type ChannelUpdateParams = UpdateChannelBody;
export type CoinWithdrawalCreateParams = CreateCoinWithdrawalBody;
export type CustomerCreateParams = CreateCustomerBody;
export type CustomerUpdateParams = UpdateCustomerBody;
export type ExchangeTransferCreateParams = CreateExchangeTransferBody;
export type SubscriptionCreateParams = CreateSubscriptionBody;
export type RiskScoreParams = RiskScoreBody;

export interface PageParams {
  /** Id of the last object of the previous page. */
  starting_after?: string;
  /** Signet's extra (Cryptopay pages by 50): 1–100. */
  limit?: number;
}

export interface InvoiceListParams extends PageParams {
  customer_id?: string;
  subscription_id?: string;
}

/** Lists that can be narrowed to one customer (channels, coin withdrawals). */
export interface CustomerPageParams extends PageParams {
  customer_id?: string;
}

/** `GET /api/transactions`'s filters (CRYPTOPAY-API.md §2.13), all optional. */
export interface TransactionListParams extends PageParams {
  /** ISO 8601, inclusive. */
  created_at_from?: string;
  created_at_to?: string;
  reference_type?: Transaction['reference_type'];
  currency?: string;
  status?: string;
  risk_level?: Risk['level'];
}

/** `meta` of a paginated list: `total` matching items and whether a next page exists. */
export interface ListMeta {
  has_more?: boolean;
  total?: number;
  [field: string]: unknown;
}

export interface ListResult<T> {
  data: T[];
  meta: ListMeta;
}
