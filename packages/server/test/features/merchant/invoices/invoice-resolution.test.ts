import { describe, expect, it } from 'vitest';
import {
  CRYPTO_PRICED_LIFETIME_MS,
  FIAT_PRICED_LIFETIME_MS,
  currentRate,
  invoiceLifetimeMs,
} from '../../../../src/features/merchant/invoices/invoice-pricing.js';
import {
  COMMIT_WINDOW_MS,
  commitCheck,
  recalculate,
  refundSplit,
} from '../../../../src/features/merchant/invoices/invoice-resolution.js';
import type { PaymentState } from '../../../../src/features/merchant/invoices/invoice-state.js';

const unresolved = (context: PaymentState['status_context'], paid: string): PaymentState => ({
  status: 'unresolved',
  status_context: context,
  pay_amount: '0.00167505',
  paid_amount: paid,
  expires_at: '2026-01-01T00:10:00.000Z',
  transactions: [],
});

describe('refundSplit', () => {
  it('underpaid and paid_late: everything received goes back, the invoice is refunded', () => {
    expect(refundSplit(unresolved('underpaid', '0.00083752'), 8)).toEqual({
      ok: true,
      refundUnits: 83752n,
      next: 'refunded',
    });
    expect(refundSplit(unresolved('paid_late', '0.00167505'), 8)).toEqual({
      ok: true,
      refundUnits: 167505n,
      next: 'refunded',
    });
  });

  it('overpaid: only the excess goes back, the invoice is completed', () => {
    expect(refundSplit(unresolved('overpaid', '0.00184255'), 8)).toEqual({
      ok: true,
      refundUnits: 16750n,
      next: 'completed',
    });
  });

  it('refuses illicit_resource and every status but unresolved', () => {
    expect(refundSplit(unresolved('illicit_resource', '0.00167505'), 8)).toEqual({
      ok: false,
      message: 'an illicit_resource invoice is resolved by Cryptopay, not refunded by the merchant',
    });
    for (const status of ['new', 'completed', 'refunded', 'cancelled'] as const)
      expect(refundSplit({ ...unresolved(null, '0.0'), status }, 8)).toEqual({
        ok: false,
        message: `only an unresolved invoice can be refunded; this one is ${status}`,
      });
  });
});

describe('recalculate', () => {
  it('prices what was received at the rate, rounding the price down, with the 1 % fee', () => {
    // 0.00083752 BTC × 59700 EUR = 49.999944 EUR → 49.99
    expect(
      recalculate({ paid_amount: '0.00083752', payPrecision: 8, pricePrecision: 2, rate: '59700.0' }),
    ).toEqual({ pay_amount: '0.00083752', price_amount: '49.99', fee: '0.50', netUnits: 4949n });
    // 0.00184255 BTC × 59700 = 110.000235 → 110.00, fee 1.10
    expect(
      recalculate({ paid_amount: '0.00184255', payPrecision: 8, pricePrecision: 2, rate: '59700.0' }),
    ).toMatchObject({ price_amount: '110.00', fee: '1.10', netUnits: 10890n });
  });

  it('without an exchange (priced in the pay currency) the price is what was received', () => {
    expect(recalculate({ paid_amount: '0.5', payPrecision: 8, pricePrecision: 8, rate: null })).toEqual({
      pay_amount: '0.50000000',
      price_amount: '0.50000000',
      fee: '0.00500000',
      netUnits: 49500000n,
    });
  });

  it('dust prices at zero without a float artefact', () => {
    expect(
      recalculate({ paid_amount: '0.00000001', payPrecision: 8, pricePrecision: 2, rate: '59700.0' }),
    ).toMatchObject({ price_amount: '0.00', fee: '0.00', netUnits: 0n });
  });
});

describe('commit window', () => {
  const created = '2026-01-01T00:00:00.000Z';
  const after = (ms: number) => new Date(Date.parse(created) + ms);
  it('is open for 30 s, inclusive; then expired; once committed, always already_committed', () => {
    expect(COMMIT_WINDOW_MS).toBe(30_000);
    expect(commitCheck({ created_at: created, committed_at: null }, after(0))).toBe('ok');
    expect(commitCheck({ created_at: created, committed_at: null }, after(30_000))).toBe('ok');
    expect(commitCheck({ created_at: created, committed_at: null }, after(30_001))).toBe('expired');
    expect(commitCheck({ created_at: created, committed_at: created }, after(1))).toBe('already_committed');
    expect(commitCheck({ created_at: created, committed_at: created }, after(60_000))).toBe(
      'already_committed',
    );
  });
});

describe('validity and rates', () => {
  it('fiat-priced invoices wait 10 minutes, crypto-priced 2 hours', () => {
    expect(FIAT_PRICED_LIFETIME_MS).toBe(600_000);
    expect(CRYPTO_PRICED_LIFETIME_MS).toBe(7_200_000);
    expect(invoiceLifetimeMs('EUR')).toBe(FIAT_PRICED_LIFETIME_MS);
    expect(invoiceLifetimeMs('GBP')).toBe(FIAT_PRICED_LIFETIME_MS);
    expect(invoiceLifetimeMs('BTC')).toBe(CRYPTO_PRICED_LIFETIME_MS);
  });

  it('the current rate is the buy rate; the same currency is 1', () => {
    expect(currentRate('BTC', 'EUR')).toBe('59700.0');
    expect(currentRate('BTC', 'BTC')).toBe('1.0');
    expect(currentRate('BTC', 'ETH')).toBeUndefined();
  });
});
