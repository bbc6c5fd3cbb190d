import { z } from 'zod';

/** `GET /api/rates/:base_currency/:quote_currency`; codes are matched case-insensitively [I]. */
export const rateParams = z.object({
  base: z.string().max(20, 'must be at most 20 characters'),
  quote: z.string().max(20, 'must be at most 20 characters'),
});

/** Cryptopay's Rate (§2.10): buy and sell prices of one unit of the base currency, decimal strings. */
export const rate = z.object({ buy_rate: z.string(), sell_rate: z.string() });
export const rateResponse = z.object({ data: rate });
/** Every pair twice: keyed `BTCEUR` and `BTC/EUR`. */
export const ratesResponse = z.object({ data: z.record(z.string(), rate) });

export type Rate = z.infer<typeof rate>;
/** Keyed by pair, e.g. `"BTCEUR"` and `"BTC/EUR"`. */
export type RateTable = z.infer<typeof ratesResponse>['data'];
