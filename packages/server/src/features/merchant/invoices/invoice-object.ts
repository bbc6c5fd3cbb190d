import type { Selectable } from 'kysely';
import type { MerchantInvoicesTable } from '../tables.js';
import { paymentUri } from '../addresses/addresses.js';
import { findCurrency } from '../currencies.js';
import { formatUnits } from '../money/decimal.js';
import { LOW_RISK, type Risk } from '../wire/common-models.js';
import { wireTime } from '../wire/timestamp.js';
import type { PaymentState, PaymentTransaction } from './invoice-state.js';
import type { Invoice } from './invoice.schemas.js';

/** The invoice exactly as the merchant API shows it: the type of its wire schema. */
export type InvoiceObject = Invoice;

export type InvoiceRow = Omit<Selectable<MerchantInvoicesTable>, 'seq'>;

/** A transaction as stored before refunds existed: amount, currency, network, confirmations. */
interface LegacyTransaction {
  txid: string;
  amount: string;
  confirmations?: number;
  created_at?: string;
}

/**
 * Reads the stored transactions. Rows written before this shape (no `confirmed`, `risk`,
 * `seen_at`) read as confirmed, low-risk payments seen when they were recorded.
 */
export function transactionsOf(row: Pick<InvoiceRow, 'transactions' | 'created_at'>): PaymentTransaction[] {
  const stored = JSON.parse(row.transactions) as (Partial<PaymentTransaction> & LegacyTransaction)[];
  return stored.map((t) => ({
    txid: t.txid,
    amount: t.amount,
    confirmed: t.confirmed ?? (t.confirmations ?? 0) > 0,
    risk: t.risk ?? LOW_RISK,
    source_addresses: t.source_addresses ?? [],
    seen_at: t.seen_at ?? t.created_at ?? row.created_at,
  }));
}

export function paymentStateOf(row: InvoiceRow): PaymentState {
  return {
    status: row.status,
    status_context: row.status_context,
    pay_amount: row.pay_amount,
    paid_amount: row.paid_amount,
    expires_at: row.expires_at,
    transactions: transactionsOf(row),
  };
}

/** The row with a (possibly newer) payment state applied, in the columns it is stored in. */
export function withPaymentState(row: InvoiceRow, state: PaymentState): InvoiceRow {
  return {
    ...row,
    status: state.status,
    status_context: state.status_context,
    paid_amount: state.paid_amount,
    expires_at: state.expires_at,
    transactions: JSON.stringify(state.transactions),
  };
}

/** The riskiest of the invoice's payments (what its ledger movement carries), or null. */
export function riskOf(row: InvoiceRow): Risk | null {
  const txs = transactionsOf(row);
  if (txs.length === 0) return null;
  return txs.reduce((worst, t) => (t.risk.score > worst.score ? t.risk : worst), txs[0]!.risk);
}

/** Stored metadata as the model types it (string → string); older rows may hold numbers. */
function metadataOf(json: string | null): Invoice['metadata'] {
  if (json === null) return null;
  const parsed = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)] as const])),
  );
}

/** `publicUrl` is read at render time, so a changed SIGNET_PUBLIC_URL shows on old invoices too. */
export function invoiceObject(row: InvoiceRow, publicUrl: string): InvoiceObject {
  const pricePrecision = findCurrency(row.price_currency)?.precision ?? 2;
  return {
    id: row.id,
    custom_id: row.custom_id,
    customer_id: row.customer_id,
    subscription_id: row.subscription_id,
    status: row.status,
    status_context: row.status_context,
    address: row.address,
    network: row.network,
    uri: paymentUri({
      currency: row.pay_currency,
      network: row.network,
      address: row.address,
      amount: row.pay_amount,
    }),
    price_amount: row.price_amount,
    price_currency: row.price_currency,
    fee: row.fee,
    fee_currency: row.fee_currency,
    pay_amount: row.pay_amount,
    pay_currency: row.pay_currency,
    paid_amount: row.paid_amount,
    // Nothing is exchanged when the invoice is priced in the coin it is paid in.
    exchange:
      row.pay_currency === row.price_currency
        ? null
        : {
            pair: `${row.pay_currency}${row.price_currency}`,
            rate: row.exchange_rate,
            // The processing fee is the invoice's own `fee`; the sandbox charges no exchange fee.
            fee: formatUnits(0n, pricePrecision),
            fee_currency: row.price_currency,
          },
    transactions: transactionsOf(row).map((t) => ({
      txid: t.txid,
      risk: t.risk,
      source_addresses: t.source_addresses,
    })),
    name: row.name,
    description: row.description,
    metadata: metadataOf(row.metadata),
    success_redirect_url: row.success_redirect_url,
    unsuccess_redirect_url: row.unsuccess_redirect_url,
    hosted_page_url: `${publicUrl}/invoices/${row.id}`,
    created_at: wireTime(row.created_at),
    expires_at: wireTime(row.expires_at),
  };
}
