// Resource shapes of the Cryptopay-compatible merchant API (PROTOCOL.md §4). Amounts are decimal
// strings, never numbers, so that no precision is lost. Objects other than Invoice only list the
// fields every implementation returns; the index signature keeps the rest reachable.

export type InvoiceStatus = 'new' | 'completed' | 'unresolved' | 'refunded' | 'cancelled';

export interface InvoiceExchange {
  pair: string;
  rate: string;
  fee: string;
  fee_currency: string;
}

export interface InvoiceTransaction {
  txid: string;
  [field: string]: unknown;
}

export interface Invoice {
  id: string;
  custom_id: string | null;
  customer_id: string | null;
  subscription_id: string | null;
  status: InvoiceStatus;
  status_context: string | null;
  address: string | null;
  network: string | null;
  uri: string | null;
  price_amount: string;
  price_currency: string;
  fee: string | null;
  fee_currency: string | null;
  pay_amount: string | null;
  pay_currency: string;
  paid_amount: string | null;
  exchange: InvoiceExchange | null;
  transactions: InvoiceTransaction[];
  name: string | null;
  description: string | null;
  metadata: Record<string, string> | null;
  success_redirect_url: string | null;
  unsuccess_redirect_url: string | null;
  hosted_page_url: string | null;
  created_at: string;
  expires_at: string | null;
}

export interface InvoiceCreateParams {
  price_amount: string;
  price_currency: string;
  pay_currency: string;
  custom_id?: string;
  customer_id?: string;
  network?: string;
  name?: string;
  description?: string;
  metadata?: Record<string, string>;
  success_redirect_url?: string;
  unsuccess_redirect_url?: string;
}

export interface PageParams {
  /** Id of the last object of the previous page. */
  starting_after?: string;
  limit?: number;
}

export interface ListMeta {
  has_more?: boolean;
  total?: number;
  [field: string]: unknown;
}

export interface ListResult<T> {
  data: T[];
  meta: ListMeta;
}

export interface Account {
  id: string;
  balance: string;
  currency: string;
  [field: string]: unknown;
}

export interface AccountTransaction {
  id: string;
  amount: string;
  created_at: string;
  [field: string]: unknown;
}

export interface Coin {
  currency: string;
  name: string;
  [field: string]: unknown;
}

export interface Rate {
  buy_rate: string;
  sell_rate: string;
}

/** Keyed by pair, e.g. `"BTC/EUR"`. */
export type RateTable = Record<string, Rate>;
