import type { Generated } from 'kysely';
import type { LedgerExtensionColumns } from './balances/tables.js';
import type { InvoiceStatus, InvoiceStatusContext } from './invoices/invoice-state.js';

/**
 * The tables of migration 003_merchant (invoices/ and balances/). A resource added later declares
 * its own tables in `<resource>/tables.ts`, merged into `Database` the same way.
 */

export interface MerchantInvoicesTable {
  seq: Generated<number>;
  id: string;
  account_id: string;
  custom_id: string | null;
  customer_id: string | null;
  /** Set when a subscription issued the invoice (migration 017_invoice_links). */
  subscription_id: string | null;
  status: InvoiceStatus;
  status_context: InvoiceStatusContext | null;
  address: string;
  network: string;
  price_amount: string;
  price_currency: string;
  fee: string;
  fee_currency: string;
  pay_amount: string;
  pay_currency: string;
  paid_amount: string;
  exchange_rate: string;
  /** JSON array of the invoice's transactions. */
  transactions: string;
  name: string | null;
  description: string | null;
  /** JSON object, or null. */
  metadata: string | null;
  success_redirect_url: string | null;
  unsuccess_redirect_url: string | null;
  created_at: string;
  expires_at: string;
  updated_at: string;
}

/** Ledger of the merchant's sandbox currency accounts; a balance is the sum of its rows. */
export interface MerchantTransactionsTable extends LedgerExtensionColumns {
  seq: Generated<number>;
  id: string;
  account_id: string;
  currency: string;
  /** Signed decimal string. */
  amount: string;
  reference_type: string;
  reference_id: string;
  description: string;
  created_at: string;
}

declare module '../../platform/db/database.js' {
  interface Database {
    merchant_invoices: MerchantInvoicesTable;
    merchant_transactions: MerchantTransactionsTable;
  }
}
