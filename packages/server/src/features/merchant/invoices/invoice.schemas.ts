import { z } from 'zod';
import { lookupText } from '../../../platform/http/zod-app.js';
import { createInvoiceBody } from './invoice-input.js';
import { INVOICE_STATUS_CONTEXTS, INVOICE_STATUSES } from './invoice-state.js';

// The request body lives with its validation rules; it is part of this resource's contract.
export { createInvoiceBody };

/** `GET /api/invoices/custom_id/:custom_id`: the merchant's own reference. */
export const invoiceCustomIdParams = z.object({ custom_id: lookupText(100) });

/** One payment seen on an invoice's address. */
export const invoiceTransaction = z.object({
  txid: z.string(),
  amount: z.string(),
  currency: z.string(),
  network: z.string(),
  confirmations: z.number().int(),
  created_at: z.string(),
});

/** The invoice exactly as the merchant API shows it (PROTOCOL.md §4); amounts are decimal strings. */
export const invoice = z.object({
  id: z.string(),
  custom_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  subscription_id: z.string().nullable(),
  status: z.enum(INVOICE_STATUSES),
  status_context: z.enum(INVOICE_STATUS_CONTEXTS).nullable(),
  address: z.string(),
  network: z.string(),
  uri: z.string(),
  price_amount: z.string(),
  price_currency: z.string(),
  fee: z.string(),
  fee_currency: z.string(),
  pay_amount: z.string(),
  pay_currency: z.string(),
  paid_amount: z.string(),
  exchange: z.object({ pair: z.string(), rate: z.string(), fee: z.string(), fee_currency: z.string() }),
  transactions: z.array(invoiceTransaction),
  name: z.string().nullable(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  success_redirect_url: z.string().nullable(),
  unsuccess_redirect_url: z.string().nullable(),
  hosted_page_url: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});

export const invoiceResponse = z.object({ data: invoice });
export const invoiceListResponse = z.object({
  data: z.array(invoice),
  meta: z.object({ has_more: z.boolean() }),
});

export type Invoice = z.infer<typeof invoice>;
export type InvoiceList = z.infer<typeof invoiceListResponse>;
export type InvoiceTransactionObject = z.infer<typeof invoiceTransaction>;
/** What a client sends (before trimming and defaults), hence `z.input`. */
export type CreateInvoiceBody = z.input<typeof createInvoiceBody>;
