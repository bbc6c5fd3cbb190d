import { z } from 'zod';
import { plainList } from '../wire/list.js';

/** `{enabled}`: whether a network may be used for invoices, channels or coin withdrawals now. */
export const coinFeature = z.object({ enabled: z.boolean() });

/** Non-null when payments on the network carry a tag (XRP's destination tag, XLM's memo id). */
export const coinDestinationTag = z.object({ required: z.boolean(), name: z.string() });

/** Cryptopay's CoinNetwork (CRYPTOPAY-API.md §2.11): exactly its fields. */
export const coinNetwork = z.object({
  network: z.string(),
  name: z.string(),
  precision: z.number().int(),
  destination_tag: coinDestinationTag.nullable(),
  invoices: coinFeature,
  channels: coinFeature,
  coin_withdrawals: coinFeature,
});

/** Cryptopay's Coin (§2.11). */
export const coin = z.object({
  currency: z.string(),
  name: z.string(),
  logo_url: z.string(),
  networks: z.array(coinNetwork),
});

/** `GET /api/coins`: `{data: [Coin]}`, no `meta` (§1.3). */
export const coinListResponse = plainList(coin);

/** `GET /api/coins/:currency/logo.svg` (Signet's own: the image `logo_url` points at). */
export const coinLogoParams = z.object({ currency: z.string().max(20, 'must be at most 20 characters') });

export type Coin = z.infer<typeof coin>;
export type CoinNetwork = z.infer<typeof coinNetwork>;
export type CoinList = z.infer<typeof coinListResponse>;
