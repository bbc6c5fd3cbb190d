import { z } from 'zod';
import { uuid } from './ids.js';

/**
 * Cryptopay lists (CRYPTOPAY-API.md §1.4): newest first, 50 items a page, `starting_after=<id>`,
 * `{data, meta: {total, has_more}}`. Cryptopay has no `limit`; Signet accepts one (1–100) as an
 * extra, so a test can page through small sets.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export const merchantPageQuery = z.object({
  starting_after: uuid().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type MerchantPageQuery = z.output<typeof merchantPageQuery>;

export const listMeta = z.object({ total: z.number().int(), has_more: z.boolean() });
export type ListMeta = z.infer<typeof listMeta>;

/** `{data: [item], meta: {total, has_more}}` for a paginated list of `item`. */
export const pagedList = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), meta: listMeta });

/** `{data: item}`, every single-object answer. */
export const single = <T extends z.ZodType>(item: T) => z.object({ data: item });

/** `{data: [item]}` with no meta: coins, network fees, an invoice's refunds. */
export const plainList = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
