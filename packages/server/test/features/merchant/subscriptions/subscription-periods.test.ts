import { describe, expect, it } from 'vitest';
import {
  addPeriods,
  currentPeriod,
  paidPeriod,
  type PeriodTerms,
} from '../../../../src/features/merchant/subscriptions/subscription-periods.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('addPeriods', () => {
  it('days and weeks are whole 24-hour days in UTC, keeping the time of day', () => {
    expect(iso(addPeriods(at('2024-03-30T23:30:00.000Z'), 'day', 1))).toBe('2024-03-31T23:30:00.000Z');
    expect(iso(addPeriods(at('2024-02-28T10:00:00.000Z'), 'day', 2))).toBe('2024-03-01T10:00:00.000Z');
    expect(iso(addPeriods(at('2024-12-30T08:00:00.000Z'), 'week', 1))).toBe('2025-01-06T08:00:00.000Z');
    expect(iso(addPeriods(at('2024-01-01T00:00:00.000Z'), 'week', 2))).toBe('2024-01-15T00:00:00.000Z');
  });

  it('months are calendar months, clamped to the last day of a shorter month', () => {
    expect(iso(addPeriods(at('2024-01-15T12:00:00.000Z'), 'month', 1))).toBe('2024-02-15T12:00:00.000Z');
    expect(iso(addPeriods(at('2024-01-31T12:00:00.000Z'), 'month', 1))).toBe('2024-02-29T12:00:00.000Z');
    expect(iso(addPeriods(at('2023-01-31T12:00:00.000Z'), 'month', 1))).toBe('2023-02-28T12:00:00.000Z');
    expect(iso(addPeriods(at('2024-03-31T00:00:00.000Z'), 'month', 1))).toBe('2024-04-30T00:00:00.000Z');
    expect(iso(addPeriods(at('2024-01-31T00:00:00.000Z'), 'month', 2))).toBe('2024-03-31T00:00:00.000Z');
  });

  it('months cross year ends both ways of counting', () => {
    expect(iso(addPeriods(at('2024-11-30T09:15:00.000Z'), 'month', 3))).toBe('2025-02-28T09:15:00.000Z');
    expect(iso(addPeriods(at('2024-12-31T09:15:00.000Z'), 'month', 14))).toBe('2026-02-28T09:15:00.000Z');
    expect(iso(addPeriods(at('2024-05-10T09:15:00.000Z'), 'month', 0))).toBe('2024-05-10T09:15:00.000Z');
  });

  it('years are twelve months: Feb 29 becomes Feb 28 outside leap years, and back in them', () => {
    expect(iso(addPeriods(at('2024-02-29T06:00:00.000Z'), 'year', 1))).toBe('2025-02-28T06:00:00.000Z');
    expect(iso(addPeriods(at('2024-02-29T06:00:00.000Z'), 'year', 4))).toBe('2028-02-29T06:00:00.000Z');
    expect(iso(addPeriods(at('2023-07-04T06:00:00.000Z'), 'year', 2))).toBe('2025-07-04T06:00:00.000Z');
  });
});

describe('subscription periods', () => {
  const monthly: PeriodTerms = {
    created_at: '2024-01-20T10:00:00.000Z',
    starts_at: '2024-01-31T18:00:00.000Z',
    period: 'month',
    period_quantity: 1,
  };

  it('before the first payment the current period is the window from creation to starts_at', () => {
    expect(currentPeriod(monthly, 0)).toEqual({
      starts_at: at('2024-01-20T10:00:00.000Z'),
      ends_at: at('2024-01-31T18:00:00.000Z'),
    });
  });

  it('payment k pays the k-th period from starts_at; boundaries come from the anchor and do not drift', () => {
    const ends = [1, 2, 3, 4, 5].map((k) => iso(paidPeriod(monthly, k).ends_at));
    expect(ends).toEqual([
      '2024-02-29T18:00:00.000Z',
      '2024-03-31T18:00:00.000Z',
      '2024-04-30T18:00:00.000Z',
      '2024-05-31T18:00:00.000Z',
      '2024-06-30T18:00:00.000Z',
    ]);
    // Consecutive: each period starts where the previous one ended.
    for (const k of [1, 2, 3, 4])
      expect(paidPeriod(monthly, k + 1).starts_at).toEqual(paidPeriod(monthly, k).ends_at);
    expect(paidPeriod(monthly, 1).starts_at).toEqual(at(monthly.starts_at));
    expect(currentPeriod(monthly, 2)).toEqual(paidPeriod(monthly, 2));
  });

  it('period_quantity steps several periods at once (fortnightly)', () => {
    const fortnightly: PeriodTerms = { ...monthly, period: 'week', period_quantity: 2 };
    expect(paidPeriod(fortnightly, 1)).toEqual({
      starts_at: at('2024-01-31T18:00:00.000Z'),
      ends_at: at('2024-02-14T18:00:00.000Z'),
    });
    expect(paidPeriod(fortnightly, 3)).toEqual({
      starts_at: at('2024-02-28T18:00:00.000Z'),
      ends_at: at('2024-03-13T18:00:00.000Z'),
    });
  });

  it('refuses a payment number below 1', () => {
    expect(() => paidPeriod(monthly, 0)).toThrow(/1 or more/);
    expect(() => paidPeriod(monthly, 1.5)).toThrow(/1 or more/);
  });
});
