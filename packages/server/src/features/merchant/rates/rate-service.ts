import { notFound } from '../../../platform/http/errors.js';
import type { Rate, RateTable } from './rate.schemas.js';
import { allRates, findRate } from './rate-table.js';

export const listRates = (): RateTable => allRates();

/** The rate of `base` priced in `quote`, codes in any case; an unknown pair is a 404. */
export function getRate(base: string, quote: string): Rate {
  const rate = findRate(base.toUpperCase(), quote.toUpperCase());
  if (!rate) throw notFound('rate');
  return rate;
}
