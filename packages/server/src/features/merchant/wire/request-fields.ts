import { z } from 'zod';

/**
 * Request fields several merchant bodies share, defined once so their messages cannot drift.
 * (Invoices keep their own currency field: its empty-value message predates these.)
 */

/** A currency code, trimmed and upper-cased; whether the sandbox knows it is the service's check. */
export const currencyField = z
  .string({ error: 'must be a currency code such as EUR or BTC' })
  .trim()
  .min(1, 'must not be empty')
  .max(10, 'must be a currency code such as EUR or BTC')
  .toUpperCase();

/** A decimal string or a bare JSON number (one docs example sends one); checked by the quote. */
export const amountField = z
  .union([z.string().trim().max(40, 'is too long'), z.number()], {
    error: 'must be a decimal string or number, e.g. "100.50"',
  })
  .nullish()
  .transform((v) => v ?? undefined);

/** JSON booleans, and the strings "true"/"false" (the payout guide's curl example sends one). */
export const flagField = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
    error: 'must be true or false',
  })
  .nullish()
  .transform((v) => v ?? false);
