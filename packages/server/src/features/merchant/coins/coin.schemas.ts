import { z } from 'zod';

export const coinNetwork = z.object({
  network: z.string(),
  name: z.string(),
  minimum_amount: z.string(),
  invoices_available: z.boolean(),
});

export const coin = z.object({
  currency: z.string(),
  name: z.string(),
  precision: z.number().int(),
  networks: z.array(coinNetwork),
});

export const coinListResponse = z.object({
  data: z.array(coin),
  meta: z.object({ total: z.number().int() }),
});

export type Coin = z.infer<typeof coin>;
export type CoinNetwork = z.infer<typeof coinNetwork>;
export type CoinList = z.infer<typeof coinListResponse>;
