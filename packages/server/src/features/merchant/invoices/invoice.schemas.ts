import { z } from 'zod';
import { lookupText, noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { decimal, exchange, risk } from '../wire/common-models.js';
import { customIdParams, uuid, uuidParams } from '../wire/ids.js';
import { merchantPageQuery, pagedList, single } from '../wire/list.js';
import { WIRE_TIME_PATTERN } from '../wire/timestamp.js';
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

/**
 * Cryptopay's metadata is string → string [M]. Numbers and booleans are accepted and kept as
 * their text (`2` → `"2"`), and a `null` value means "no such key" (Stripe's rules for the same
 * field), so SDKs that send loose JSON keep working and the answer always matches the model.
 */
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
  .transform((m) =>
    m == null
      ? undefined
      : Object.fromEntries(
          Object.entries(m).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)] as const])),
        ),
  );

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
  /** Accepted as Cryptopay's InvoiceParams has it; the sandbox has no hosted page to prefill. */
  payer_email: optionalText(254),
});

/** `GET /api/invoices`: Cryptopay's page (50, `starting_after`) and its two filters [M]. */
export const listInvoicesQuery = merchantPageQuery.extend({
  customer_id: lookupText(100).optional(),
  subscription_id: uuid().optional(),
});

/** Every route under `/api/invoices/{invoice_id}`: a malformed id is 422 `must_be_uuid`. */
export const invoiceIdParams = uuidParams('invoice_id');

/** `GET /api/invoices/custom_id/:custom_id`: the merchant's own reference. */
export const invoiceCustomIdParams = customIdParams;

const serverId = z.guid();
const wireTimestamp = z.string().regex(WIRE_TIME_PATTERN);

/**
 * One payment seen on an invoice's address: the SDK model's `txid` and `risk` [M], and the
 * `source_addresses` Cryptopay's current docs show (§7 row 10) — kept because the real API sends
 * it. `risk` is optional in the model; Signet always scores, so it is never null in practice.
 */
export const invoiceTransaction = z.object({
  txid: z.string(),
  risk: risk.nullable(),
  source_addresses: z.array(z.string()),
});

/** The invoice exactly as the merchant API shows it (CRYPTOPAY-API.md §2.1): every field, always. */
export const invoice = z.object({
  id: serverId,
  custom_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  subscription_id: serverId.nullable(),
  status: z.enum(INVOICE_STATUSES),
  status_context: z.enum(INVOICE_STATUS_CONTEXTS).nullable(),
  address: z.string(),
  network: z.string(),
  uri: z.string(),
  price_amount: decimal,
  price_currency: z.string(),
  fee: decimal,
  fee_currency: z.string(),
  pay_amount: decimal,
  pay_currency: z.string(),
  paid_amount: decimal,
  /** Null when the invoice is priced in the currency it is paid in (nothing is exchanged). */
  exchange: exchange.nullable(),
  transactions: z.array(invoiceTransaction),
  name: z.string().nullable(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.string()).nullable(),
  success_redirect_url: z.string().nullable(),
  unsuccess_redirect_url: z.string().nullable(),
  hosted_page_url: z.string(),
  created_at: wireTimestamp,
  expires_at: wireTimestamp,
});

export const invoiceResponse = single(invoice);
export const invoiceListResponse = pagedList(invoice);

export type Invoice = z.infer<typeof invoice>;
export type InvoiceList = z.infer<typeof invoiceListResponse>;
export type InvoiceTransaction = z.infer<typeof invoiceTransaction>;
export type ListInvoicesQuery = z.output<typeof listInvoicesQuery>;
/** What a client sends (before trimming and defaults), hence `z.input`. */
export type CreateInvoiceBody = z.input<typeof createInvoiceBody>;
/** The same body as the service receives it: trimmed, upper-cased, `null`s gone. */
export type CreateInvoiceInput = z.output<typeof createInvoiceBody>;

export * from './refund.schemas.js';
export * from './recalculation.schemas.js';
