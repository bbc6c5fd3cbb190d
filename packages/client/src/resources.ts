// Resource shapes of the Cryptopay-compatible merchant API (PROTOCOL.md §4). Amounts are decimal
// strings, never numbers, so that no precision is lost.
//
// Every wire object is the type of the server's own schema (packages/server/src/contract.ts), so
// client and server cannot drift apart. These are type-only imports: the compiled client has no
// run-time dependency on the server (or on anything else).
import type {
  AccountTransaction,
  Coin,
  CoinNetwork,
  CreateInvoiceBody,
  CurrencyAccount,
  Invoice,
  InvoiceTransaction,
  Rate,
  RateTable,
} from '@signet/server/contract';

export type { AccountTransaction, Coin, CoinNetwork, Invoice, InvoiceTransaction, Rate, RateTable };
export type InvoiceStatus = Invoice['status'];
export type InvoiceStatusContext = NonNullable<Invoice['status_context']>;
export type InvoiceExchange = Invoice['exchange'];
/** A sandbox currency account and its balance (Cryptopay calls these "accounts"). */
export type Account = CurrencyAccount;
/**
 * What `invoices.create` sends: `price_amount` as a decimal string (or a JSON number), and
 * `metadata` a flat object of strings, numbers, booleans or null.
 */
export type InvoiceCreateParams = CreateInvoiceBody;

export interface PageParams {
  /** Id of the last object of the previous page. */
  starting_after?: string;
  limit?: number;
}

/** `has_more` on paginated lists, `total` on complete ones (accounts, coins). */
export interface ListMeta {
  has_more?: boolean;
  total?: number;
  [field: string]: unknown;
}

export interface ListResult<T> {
  data: T[];
  meta: ListMeta;
}
