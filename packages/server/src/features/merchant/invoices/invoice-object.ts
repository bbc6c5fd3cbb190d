import type { Selectable } from 'kysely';
import type { MerchantInvoicesTable } from '../tables.js';
import { paymentUri } from '../addresses/addresses.js';
import type { InvoiceTransaction, PaymentState } from './invoice-state.js';
import type { Invoice } from './invoice.schemas.js';

/** The invoice exactly as the merchant API shows it: the type of its wire schema. */
export type InvoiceObject = Invoice;

export type InvoiceRow = Omit<Selectable<MerchantInvoicesTable>, 'seq'>;

export function paymentStateOf(row: InvoiceRow): PaymentState {
  return {
    status: row.status,
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
    subscription_id: row.subscription_id,
    status: state.status,
    status_context: state.status_context,
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
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Invoice['metadata']),
    success_redirect_url: row.success_redirect_url,
    unsuccess_redirect_url: row.unsuccess_redirect_url,
    hosted_page_url: `${publicUrl}/invoices/${row.id}`,
    created_at: row.created_at,
    expires_at: row.expires_at,
  };
}
