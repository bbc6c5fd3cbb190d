import { z } from 'zod';
import {
  amountField as amount,
  currencyField as currency,
  flagField as flag,
} from '../wire/request-fields.js';
import { noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { decimal, exchange } from '../wire/common-models.js';
import { uuidParams } from '../wire/ids.js';
import { single } from '../wire/list.js';

/**
 * Exchange transfers on the wire (CRYPTOPAY-API.md §2.8). Unknown request fields are stripped, as
 * Cryptopay ignores them; `null` means "not given", since the SDKs send both amount keys with the
 * unused one `null`. Which amount was given, its precision and the currencies' pair are checked by
 * exchange-quote.ts, so every failed field is reported at once.
 */

export const createExchangeTransferBody = z.object({
  charged_currency: currency,
  received_currency: currency,
  charged_amount: amount,
  received_amount: amount,
  custom_id: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .refine(noNul, NUL_MESSAGE)
    .nullish()
    .transform((v) => v ?? undefined),
  /** false (default): a quote to commit within 30 s; true: executed at once. */
  force_commit: flag,
});

export const exchangeTransferParams = uuidParams('exchange_transfer_id');

/**
 * The ExchangeTransfer model, every field. The SDK models have no `status` and no `created_at`
 * (§7 row 18): whether a transfer is still a quote is internal, and shows only in what commit
 * answers. `exchange` is always set (a transfer always converts).
 */
export const exchangeTransfer = z.object({
  id: z.string(),
  charged_amount: decimal,
  charged_currency: z.string(),
  received_amount: decimal,
  received_currency: z.string(),
  custom_id: z.string().nullable(),
  exchange: exchange.nullable(),
});

export const exchangeTransferResponse = single(exchangeTransfer);

export type ExchangeTransfer = z.infer<typeof exchangeTransfer>;
export type CreateExchangeTransferBody = z.input<typeof createExchangeTransferBody>;
export type CreateExchangeTransferInput = z.output<typeof createExchangeTransferBody>;
