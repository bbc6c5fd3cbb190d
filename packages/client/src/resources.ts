// Resource shapes of the Cryptopay-compatible merchant API (PROTOCOL.md §4). Amounts are decimal
// strings, never numbers, so that no precision is lost. Objects other than Invoice only list the
// fields every implementation returns; the index signature keeps the rest reachable.

// Invoice, its create parameters and the other wire objects are the server's own schemas' types
// (packages/server/src/contract.ts): type-only imports, so the client has no run-time dependency.
import type { CreateInvoiceBody, Invoice, InvoiceTransactionObject } from '@signet/server/contract';

export type { Invoice };
export type InvoiceStatus = Invoice['status'];
export type InvoiceExchange = Invoice['exchange'];
export type InvoiceTransaction = InvoiceTransactionObject;
/** What `invoices.create` sends; metadata is a flat object of strings, numbers, booleans or null. */
export type InvoiceCreateParams = CreateInvoiceBody;

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
