import { z } from 'zod';
import { noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';

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

export const METADATA_MAX_KEYS = 20;
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

export type CreateInvoiceInput = z.output<typeof createInvoiceBody>;
