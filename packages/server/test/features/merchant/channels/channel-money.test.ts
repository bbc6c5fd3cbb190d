import { describe, expect, it } from 'vitest';
import { COINS } from '../../../../src/features/merchant/currencies.js';
import {
  channelPayCurrencies,
  channelRate,
  checkChannelCurrencies,
  receiverCurrenciesFor,
} from '../../../../src/features/merchant/channels/channel-catalogue.js';
import {
  CHANNEL_FEE_PERCENT,
  convertPayment,
  parsePaidAmount,
} from '../../../../src/features/merchant/channels/channel-payment-amounts.js';

describe('channel payment conversion', () => {
  it('same currency: paid_amount == received_amount + fee, fee 1 %', () => {
    expect(CHANNEL_FEE_PERCENT).toBe(1n);
    const m = convertPayment({ paid: 1_000_000n, payPrecision: 8, receiverPrecision: 8, rate: '1.0' });
    expect(m).toEqual({ paid: 1_000_000n, gross: 1_000_000n, fee: 10_000n, received: 990_000n });
    expect(m.received + m.fee).toBe(m.paid);
  });

  it('converted: received + fee is the paid amount at the rate, in the receiver precision', () => {
    // 0.01 BTC at 59700.0 EUR = 597.00 EUR; 1 % = 5.97.
    const m = convertPayment({ paid: 1_000_000n, payPrecision: 8, receiverPrecision: 2, rate: '59700.0' });
    expect(m).toEqual({ paid: 1_000_000n, gross: 59_700n, fee: 597n, received: 59_103n });
    expect(m.received + m.fee).toBe(m.gross);
  });

  it('rounds half up at each step', () => {
    // 0.00012345 BTC × 59700 = 7.369965 → 7.37; fee 0.0737 → 0.07.
    expect(convertPayment({ paid: 12_345n, payPrecision: 8, receiverPrecision: 2, rate: '59700.0' })).toEqual(
      {
        paid: 12_345n,
        gross: 737n,
        fee: 7n,
        received: 730n,
      },
    );
    // 100 USDT × 0.997786 = 99.7786 → 99.78; fee 0.9978 → 1.00.
    expect(
      convertPayment({ paid: 100_000_000n, payPrecision: 6, receiverPrecision: 2, rate: '0.997786' }),
    ).toEqual({ paid: 100_000_000n, gross: 9_978n, fee: 100n, received: 9_878n });
    // Half a cent rounds up: 0.5 % … 0.05 EUR gross has a fee of 0.0005 → 0.00.
    expect(convertPayment({ paid: 5n, payPrecision: 2, receiverPrecision: 2, rate: '1.0' })).toEqual({
      paid: 5n,
      gross: 5n,
      fee: 0n,
      received: 5n,
    });
    expect(convertPayment({ paid: 50n, payPrecision: 2, receiverPrecision: 2, rate: '1.0' }).fee).toBe(1n);
  });

  it('parses the paid amount: decimals, the coin precision, the network minimum', () => {
    expect(parsePaidAmount('0.01', 8, '0.0001')).toEqual({ ok: true, units: 1_000_000n });
    expect(parsePaidAmount(0.5, 8, '0.0001')).toEqual({ ok: true, units: 50_000_000n });
    expect(parsePaidAmount('0.0001', 8, '0.0001')).toEqual({ ok: true, units: 10_000n });
    expect(parsePaidAmount('0.00009999', 8, '0.0001')).toEqual({
      ok: false,
      message: 'must be greater than or equal to 0.0001',
      code: 'must_be_greater_than_or_equal',
      args: { value: '0.0001' },
    });
    expect(parsePaidAmount('0', 8, '0')).toMatchObject({ ok: false, code: 'must_be_greater_than_or_equal' });
    expect(parsePaidAmount('0.123456789', 8, '0.0001')).toEqual({
      ok: false,
      message: 'must have at most 8 decimal places',
    });
    expect(parsePaidAmount('-1', 8, '0.0001')).toMatchObject({ ok: false });
    expect(parsePaidAmount('abc', 8, '0.0001')).toMatchObject({ ok: false });
    expect(parsePaidAmount(1e-7, 8, '0')).toMatchObject({ ok: false });
    expect(parsePaidAmount(Infinity, 8, '0')).toMatchObject({ ok: false });
  });
});

describe('channel currencies', () => {
  it('credits the pay coin itself or any currency the rate table quotes it in', () => {
    expect(channelRate('BTC', 'BTC')).toBe('1.0');
    expect(channelRate('BTC', 'EUR')).toBe('59700.0');
    expect(channelRate('BTC', 'ETH')).toBeUndefined();
    expect(receiverCurrenciesFor('BTC')).toEqual(['EUR', 'USD', 'GBP', 'BTC']);
  });

  it('accepts a valid pair, defaulting the network to the coin’s first', () => {
    expect(checkChannelCurrencies({ pay_currency: 'USDT', receiver_currency: 'EUR' })).toEqual({
      ok: true,
      value: { pay_currency: 'USDT', receiver_currency: 'EUR', network: 'ethereum' },
    });
    expect(
      checkChannelCurrencies({ pay_currency: 'USDT', receiver_currency: 'USDT', network: 'tron' }),
    ).toEqual({ ok: true, value: { pay_currency: 'USDT', receiver_currency: 'USDT', network: 'tron' } });
  });

  it('names the accepted values of every wrong field', () => {
    const bad = checkChannelCurrencies({ pay_currency: 'DOGE', receiver_currency: 'XYZ' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => [i.field, i.code])).toEqual([
      ['pay_currency', 'must_be_included_in'],
      ['receiver_currency', 'must_be_included_in'],
    ]);
    expect(bad.issues[0]?.args).toEqual({ list: COINS.map((c) => c.currency) });
    expect(channelPayCurrencies()).toEqual(COINS.map((c) => c.currency));
    const pair = checkChannelCurrencies({ pay_currency: 'BTC', receiver_currency: 'ETH', network: 'tron' });
    expect(pair).toEqual({
      ok: false,
      issues: [
        {
          field: 'receiver_currency',
          message: 'must be one of: EUR, USD, GBP, BTC',
          code: 'must_be_included_in',
          args: { list: ['EUR', 'USD', 'GBP', 'BTC'] },
        },
        {
          field: 'network',
          message: 'must be one of: bitcoin',
          code: 'must_be_included_in',
          args: { list: ['bitcoin'] },
        },
      ],
    });
    // A fiat pays nothing in: it is a receiver currency only.
    expect(checkChannelCurrencies({ pay_currency: 'EUR', receiver_currency: 'EUR' })).toMatchObject({
      ok: false,
      issues: [{ field: 'pay_currency' }],
    });
  });
});
