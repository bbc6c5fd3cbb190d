import type { Generated } from 'kysely';

/**
 * Tables of migration 023_invoice_refunds (the invoices themselves are 003_merchant's, in
 * ../tables.ts). Decimals and times are text (ISO strings), as everywhere.
 */

/** `pending` until the refund's transaction is sent (txid set), then `completed`. Not on the wire. */
export type RefundStatus = 'pending' | 'completed';

export interface MerchantInvoiceRefundsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  invoice_id: string;
  custom_id: string | null;
  amount: string;
  amount_currency: string;
  fee: string;
  fee_currency: string;
  /** Null: refunded to the merchant's own crypto account. */
  address: string | null;
  network: string;
  txid: string | null;
  /** JSON of a Risk, or null. */
  risk: string | null;
  status: RefundStatus;
  created_at: string;
  completed_at: string | null;
}

export interface MerchantInvoiceRecalculationsTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  invoice_id: string;
  pay_amount: string;
  pay_currency: string;
  price_amount: string;
  price_currency: string;
  fee: string;
  fee_currency: string;
  previous_pay_amount: string;
  previous_price_amount: string;
  previous_exchange_rate: string | null;
  /** The rate the quote was made at; null when price and pay currency are the same. */
  exchange_rate: string | null;
  created_at: string;
  /** Set once, by the commit that settled the invoice; null while the quote is open. */
  committed_at: string | null;
}

declare module '../../../platform/db/database.js' {
  interface Database {
    merchant_invoice_refunds: MerchantInvoiceRefundsTable;
    merchant_invoice_recalculations: MerchantInvoiceRecalculationsTable;
  }
}
