/**
 * Billing periods of a subscription (CRYPTOPAY-API.md §2.9, §3.4). Pure: no clock, no I/O.
 *
 * The sandbox's rule [I] (Cryptopay documents no renewal mechanics):
 *   - before the first payment the current period is the grace window from creation to
 *     `starts_at` (the payer has access, nothing is paid: `current_period_paid` false);
 *   - payment k (k = 1, 2, …) pays period k, `[starts_at + (k-1)·q·period, starts_at + k·q·period)`,
 *     which becomes the current period (the dates advance, `current_period_paid` true).
 * This reads Cryptopay's own `paid` callback example (created 06-16, period 06-20 → 07-20, paid).
 *
 * Every boundary is computed from the anchor (`starts_at`), never from the previous boundary, so
 * month-end clamping does not drift: Jan 31 → Feb 29 → Mar 31 → Apr 30, not … → Mar 29.
 */

export const SUBSCRIPTION_PERIODS = ['day', 'week', 'month', 'year'] as const;
export type SubscriptionPeriod = (typeof SUBSCRIPTION_PERIODS)[number];

const DAY_MS = 86_400_000;

const daysInMonth = (year: number, month0: number): number =>
  new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** `anchor` moved by whole calendar months in UTC, the day clamped to the target month's last. */
function addMonths(anchor: Date, months: number): Date {
  const total = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month0));
  const out = new Date(anchor.getTime());
  out.setUTCFullYear(year, month0, day);
  return out;
}

/** `anchor` plus `count` periods (UTC: days are 24 h, months and years are calendar ones). */
export function addPeriods(anchor: Date, period: SubscriptionPeriod, count: number): Date {
  switch (period) {
    case 'day':
      return new Date(anchor.getTime() + count * DAY_MS);
    case 'week':
      return new Date(anchor.getTime() + count * 7 * DAY_MS);
    case 'month':
      return addMonths(anchor, count);
    case 'year':
      return addMonths(anchor, count * 12);
  }
}

export interface PeriodTerms {
  /** ISO times. */
  created_at: string;
  starts_at: string;
  period: SubscriptionPeriod;
  period_quantity: number;
}

export interface PeriodBounds {
  starts_at: Date;
  ends_at: Date;
}

/** The period that payment `k` (1-based) pays. */
export function paidPeriod(terms: PeriodTerms, k: number): PeriodBounds {
  if (!Number.isInteger(k) || k < 1) throw new Error(`payment number must be 1 or more, got ${k}`);
  const anchor = new Date(terms.starts_at);
  const step = terms.period_quantity;
  return {
    starts_at: addPeriods(anchor, terms.period, (k - 1) * step),
    ends_at: addPeriods(anchor, terms.period, k * step),
  };
}

/** The current period after `periodsPaid` payments: the grace window, or the last paid one. */
export function currentPeriod(terms: PeriodTerms, periodsPaid: number): PeriodBounds {
  if (periodsPaid === 0) return { starts_at: new Date(terms.created_at), ends_at: new Date(terms.starts_at) };
  return paidPeriod(terms, periodsPaid);
}

/** The latest instant the wire format (four-digit years) can carry. */
export const LAST_REPRESENTABLE = new Date('9999-12-31T23:59:59.999Z');
