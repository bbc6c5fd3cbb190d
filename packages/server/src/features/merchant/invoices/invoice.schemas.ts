import { z } from 'zod';
import { lookupText, noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { INVOICE_STATUS_CONTEXTS, INVOICE_STATUSES } from './invoice-state.js';

/**
 * The body of `POST /api/invoices` (and the dashboard's test invoice). Unknown fields are ignored
 * (stripped), as Cryptopay does, so SDKs sending newer fields keep working. `null` on an optional
 * field means "not given", since some SDKs serialise every field.
 */
const optionalText = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE)
    .nullish()
    .transform((v) => v ?? undefined);

const redirectUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048, 'must be at most 2048 characters')
  .refine(noNul, NUL_MESSAGE)
  .nullish()
  .transform((v) => v ?? undefined);

const currency = z
  .string({ error: 'must be a currency code such as EUR or BTC' })
  .trim()
  .min(1, 'is required')
  .max(10, 'must be a currency code such as EUR or BTC')
  .toUpperCase();

const METADATA_MAX_KEYS = 20;
const METADATA_MAX_BYTES = 4096;

const metadata = z
  .record(
    z.string().min(1).max(40, 'metadata keys must be at most 40 characters'),
    z.union([z.string().max(500, 'must be at most 500 characters'), z.number(), z.boolean(), z.null()], {
      error: 'metadata values must be strings, numbers, booleans or null (a flat object)',
    }),
    { error: 'must be a flat JSON object' },
  )
  .refine((m) => Object.keys(m).length <= METADATA_MAX_KEYS, `must have at most ${METADATA_MAX_KEYS} keys`)
  .refine(
    (m) => JSON.stringify(m).length <= METADATA_MAX_BYTES,
    `must be at most ${METADATA_MAX_BYTES} bytes as JSON`,
  )
  .nullish()
  .transform((v) => v ?? undefined);

export const createInvoiceBody = z.object({
  price_amount: z.union([z.string().trim().max(40, 'is too long'), z.number()], {
    error: 'must be a decimal string or number, e.g. "100.50"',
  }),
  price_currency: currency,
  pay_currency: currency,
  network: optionalText(40),
  custom_id: optionalText(100),
  customer_id: optionalText(100),
  name: optionalText(255),
  description: optionalText(1000),
  metadata,
  success_redirect_url: redirectUrl,
  unsuccess_redirect_url: redirectUrl,
});

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
export type InvoiceTransaction = z.infer<typeof invoiceTransaction>;
/** What a client sends (before trimming and defaults), hence `z.input`. */
export type CreateInvoiceBody = z.input<typeof createInvoiceBody>;
/** The same body as the service receives it: trimmed, upper-cased, `null`s gone. */
export type CreateInvoiceInput = z.output<typeof createInvoiceBody>;
