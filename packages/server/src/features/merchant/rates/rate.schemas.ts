import { z } from 'zod';

/** `GET /api/rates/:base/:quote`; codes are matched case-insensitively. */
export const rateParams = z.object({ base: z.string().max(20), quote: z.string().max(20) });

/** Buy and sell prices of one unit of the base currency, as decimal strings. */
export const rate = z.object({ buy_rate: z.string(), sell_rate: z.string() });
export const rateResponse = z.object({ data: rate });
/** Every pair, keyed `BASE/QUOTE`. */
export const ratesResponse = z.object({ data: z.record(z.string(), rate) });

export type Rate = z.infer<typeof rate>;
/** Keyed by pair, e.g. `"BTC/EUR"`. */
export type RateTable = z.infer<typeof ratesResponse>['data'];
