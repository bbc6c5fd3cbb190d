import { describe, expect, it } from 'vitest';
import { ACCOUNT_CURRENCIES } from '../../../../src/features/merchant/currencies.js';
import {
  billPayCurrency,
  checkSubscriptionTerms,
} from '../../../../src/features/merchant/subscriptions/subscription-terms.js';

const NOW = new Date('2024-05-01T10:00:00.250Z');
const IN_3_DAYS = '2024-05-04T10:00:01+00:00'; // the first whole second at or after now + 72 h

describe('subscription terms', () => {
  it('accepts a price in any sandbox currency, printed at its precision', () => {
    expect(checkSubscriptionTerms({ amount: '10', currency: 'EUR', starts_at: IN_3_DAYS }, NOW)).toEqual({
      ok: true,
      terms: { amount: '10.00', currency: 'EUR', starts_at: '2024-05-04T10:00:01.000Z' },
    });
    expect(checkSubscriptionTerms({ amount: 0.5, currency: 'BTC', starts_at: IN_3_DAYS }, NOW)).toMatchObject(
      {
        ok: true,
        terms: { amount: '0.50000000', currency: 'BTC' },
      },
    );
    // Offsets are normalised to UTC.
    expect(
      checkSubscriptionTerms({ amount: '1', currency: 'USD', starts_at: '2024-05-06T12:00:00+02:00' }, NOW),
    ).toMatchObject({ ok: true, terms: { starts_at: '2024-05-06T10:00:00.000Z' } });
  });

  it('starts_at must be at least three days after now', () => {
    const early = checkSubscriptionTerms(
      { amount: '10', currency: 'EUR', starts_at: '2024-05-04T10:00:00+00:00' },
      NOW,
    );
    expect(early).toEqual({
      ok: false,
      issues: [
        {
          field: 'starts_at',
          message: 'must be at least 3 days after now, i.e. at or after 2024-05-04T10:00:01+00:00',
          code: 'must_be_greater_than_or_equal',
          args: { value: '2024-05-04T10:00:01+00:00' },
        },
      ],
    });
    expect(
      checkSubscriptionTerms({ amount: '10', currency: 'EUR', starts_at: '2035-01-01T00:00:00Z' }, NOW),
    ).toMatchObject({ ok: false, issues: [{ field: 'starts_at', code: 'must_be_less_than_or_equal' }] });
  });

  it('reports every broken rule at once, with Cryptopay-style codes', () => {
    const bad = checkSubscriptionTerms(
      { amount: '10', currency: 'DOGE', starts_at: '2024-05-02T00:00:00Z' },
      NOW,
    );
    expect(bad).toMatchObject({
      ok: false,
      issues: [
        { field: 'currency', code: 'must_be_included_in', args: { list: [...ACCOUNT_CURRENCIES] } },
        { field: 'starts_at', code: 'must_be_greater_than_or_equal' },
      ],
    });
  });

  it('amount: positive, at most the currency’s decimals, plain decimal form', () => {
    const issue = (amount: string | number, currency = 'EUR') => {
      const r = checkSubscriptionTerms({ amount, currency, starts_at: IN_3_DAYS }, NOW);
      return r.ok ? null : r.issues[0];
    };
    expect(issue('0')).toEqual({
      field: 'amount',
      message: 'must be greater than 0',
      code: 'must_be_greater_than',
      args: { value: '0' },
    });
    expect(issue('10.001')).toEqual({
      field: 'amount',
      message: 'must have at most 2 decimal places',
      code: 'invalid_precision',
      args: { precision: 2 },
    });
    expect(issue('0.000000001', 'BTC')).toMatchObject({ code: 'invalid_precision', args: { precision: 8 } });
    expect(issue('-5')).toMatchObject({ field: 'amount', code: 'invalid' });
    expect(issue('ten')).toMatchObject({ field: 'amount', code: 'invalid' });
    expect(issue(1e-7)).toMatchObject({ field: 'amount', code: 'invalid' });
    expect(issue(Infinity)).toMatchObject({ field: 'amount', code: 'invalid' });
    expect(issue('10.50')).toBeNull();
  });

  it('bills a fiat price in BTC and a coin price in that coin', () => {
    expect(billPayCurrency('EUR')).toBe('BTC');
    expect(billPayCurrency('GBP')).toBe('BTC');
    expect(billPayCurrency('USDT')).toBe('USDT');
    expect(billPayCurrency('BTC')).toBe('BTC');
  });
});
