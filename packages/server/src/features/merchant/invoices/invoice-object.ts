import type { Selectable } from 'kysely';
import type { MerchantInvoicesTable } from '../tables.js';
import { paymentUri } from './sandbox-address.js';
import type { InvoiceStatus, InvoiceTransaction, PaymentState } from './invoice-state.js';

/** The invoice exactly as the merchant API shows it (PROTOCOL.md §4). */
export interface InvoiceObject {
  id: string;
  custom_id: string | null;
  customer_id: string | null;
  subscription_id: string | null;
  status: InvoiceStatus;
  status_context: string | null;
  address: string;
  network: string;
  uri: string;
  price_amount: string;
  price_currency: string;
  fee: string;
  fee_currency: string;
  pay_amount: string;
  pay_currency: string;
  paid_amount: string;
  exchange: { pair: string; rate: string; fee: string; fee_currency: string };
  transactions: InvoiceTransaction[];
  name: string | null;
  description: string | null;
  metadata: Record<string, unknown> | null;
  success_redirect_url: string | null;
  unsuccess_redirect_url: string | null;
  hosted_page_url: string;
  created_at: string;
  expires_at: string;
}

export type InvoiceRow = Omit<Selectable<MerchantInvoicesTable>, 'seq'>;

export function paymentStateOf(row: InvoiceRow): PaymentState {
  return {
    status: row.status as InvoiceStatus,
    status_context: row.status_context,
    pay_amount: row.pay_amount,
    paid_amount: row.paid_amount,
    transactions: JSON.parse(row.transactions) as InvoiceTransaction[],
  };
}

/** The row with a (possibly newer) payment state applied, in the columns it is stored in. */
export function withPaymentState(row: InvoiceRow, state: PaymentState): InvoiceRow {
  return {
    ...row,
    status: state.status,
    status_context: state.status_context,
    paid_amount: state.paid_amount,
    transactions: JSON.stringify(state.transactions),
  };
}

/** `publicUrl` is read at render time, so a changed SIGNET_PUBLIC_URL shows on old invoices too. */
export function invoiceObject(row: InvoiceRow, publicUrl: string): InvoiceObject {
  const state = paymentStateOf(row);
  return {
    id: row.id,
    custom_id: row.custom_id,
    customer_id: row.customer_id,
    subscription_id: null,
    status: state.status,
    status_context: state.status_context,
    address: row.address,
    network: row.network,
    uri: paymentUri(row.network, row.address, row.pay_amount),
    price_amount: row.price_amount,
    price_currency: row.price_currency,
    fee: row.fee,
    fee_currency: row.fee_currency,
    pay_amount: row.pay_amount,
    pay_currency: row.pay_currency,
    paid_amount: state.paid_amount,
    exchange: {
      pair: `${row.pay_currency}${row.price_currency}`,
      rate: row.exchange_rate,
      fee: row.fee,
      fee_currency: row.fee_currency,
    },
    transactions: state.transactions,
    name: row.name,
    description: row.description,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    success_redirect_url: row.success_redirect_url,
    unsuccess_redirect_url: row.unsuccess_redirect_url,
    hosted_page_url: `${publicUrl}/invoices/${row.id}`,
    created_at: row.created_at,
    expires_at: row.expires_at,
  };
}
