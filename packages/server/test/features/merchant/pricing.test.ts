import { describe, expect, it } from 'vitest';
import { formatUnits, parseUnits, trimZeros } from '../../../src/features/merchant/money/decimal.js';
import { priceInvoice } from '../../../src/features/merchant/invoices/invoice-pricing.js';
import { allRates, findRate } from '../../../src/features/merchant/rates/rate-table.js';
import { settlementUnits } from '../../../src/features/merchant/invoices/invoice-settlement.js';
import { currencyAccountId } from '../../../src/features/merchant/balances/currency-accounts.js';

describe('decimal amounts', () => {
  it('parses exactly and formats at the currency precision', () => {
    expect(parseUnits('12.5', 2)).toEqual({ ok: true, units: 1250n });
    expect(parseUnits('0.10', 2)).toEqual({ ok: true, units: 10n }); // trailing zeros beyond need are fine
    expect(parseUnits('1.230000', 2)).toEqual({ ok: true, units: 123n });
    expect(formatUnits(1250n, 2)).toBe('12.50');
    expect(formatUnits(5n, 8)).toBe('0.00000005');
    expect(formatUnits(-5n, 2)).toBe('-0.05');
    expect(trimZeros('59700.000000')).toBe('59700.0');
    expect(trimZeros('0.915400')).toBe('0.9154');
  });

  it('rejects what is not a plain decimal', () => {
    for (const bad of ['', '-1', '+1', '1e5', '1.', '.5', ' 1', '0x10', 'NaN', '1,5'])
      expect(parseUnits(bad, 2).ok, bad).toBe(false);
    expect(parseUnits('1.005', 2)).toEqual({ ok: false, message: 'must have at most 2 decimal places' });
    expect(parseUnits('1234567890123456', 2).ok).toBe(false);
    expect(parseUnits('000000000000000000001', 2).ok).toBe(true); // leading zeros are not digits of size
  });
});

describe('sandbox rates', () => {
  it('quotes every coin against EUR, USD and GBP, and the fiats against each other, with a spread', () => {
    expect(findRate('BTC', 'EUR')).toEqual({ buy_rate: '59700.0', sell_rate: '60300.0' });
    expect(findRate('USDT', 'GBP')).toEqual({ buy_rate: '0.77809', sell_rate: '0.78591' }); // 0.92 EUR × 0.85 ± 0.5 %
    expect(findRate('BCH', 'EUR')).toEqual({ buy_rate: '348.25', sell_rate: '351.75' });
    expect(findRate('XLM', 'USD')).toEqual({ buy_rate: '0.108455', sell_rate: '0.109545' }); // 0.1 × 1.09 ± 0.5 %
    expect(findRate('EUR', 'USD')).toEqual({ buy_rate: '1.08455', sell_rate: '1.09545' });
    expect(findRate('USD', 'EUR')).toEqual({ buy_rate: '0.912843', sell_rate: '0.922018' }); // 1/1.09 = 0.917431…
    // 10 coins × 3 fiats + 3 × 2 fiat pairs, each under two keys.
    expect(Object.keys(allRates())).toHaveLength((10 * 3 + 6) * 2);
    expect(findRate('EUR', 'BTC')).toBeUndefined();
    expect(findRate('BTC', 'ETH')).toBeUndefined();
    expect(findRate('EUR', 'EUR')).toBeUndefined();
    for (const rate of Object.values(allRates()))
      expect(Number(rate.buy_rate)).toBeLessThan(Number(rate.sell_rate));
  });
});

describe('priceInvoice', () => {
  it('prices at the buy rate, rounding the pay amount up to the coin precision', () => {
    const r = priceInvoice({ price_amount: '100', price_currency: 'EUR', pay_currency: 'BTC' });
    expect(r).toEqual({
      ok: true,
      pricing: {
        price_amount: '100.00',
        price_currency: 'EUR',
        pay_amount: '0.00167505', // 100 / 59700 = 0.0016750418…
        pay_currency: 'BTC',
        network: 'bitcoin',
        fee: '1.00',
        fee_currency: 'EUR',
        rate: '59700.0',
      },
    });
  });

  it('has no float artefacts and accepts JSON numbers', () => {
    const r = priceInvoice({ price_amount: 0.3, price_currency: 'EUR', pay_currency: 'USDT' });
    // 0.30 / 0.9154 = 0.32772558…
    expect(r.ok && r.pricing).toMatchObject({ price_amount: '0.30', pay_amount: '0.327726', rate: '0.9154' });
  });

  it('same currency prices at 1, and a chosen network is kept', () => {
    const r = priceInvoice({
      price_amount: '25',
      price_currency: 'USDT',
      pay_currency: 'USDT',
      network: 'tron',
    });
    expect(r.ok && r.pricing).toMatchObject({ pay_amount: '25.000000', rate: '1.0', network: 'tron' });
  });

  it('names every bad field at once', () => {
    const r = priceInvoice({ price_amount: '-5', price_currency: 'XXX', pay_currency: 'DOGE' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.field).sort()).toEqual(['pay_currency', 'price_currency']);
    const amount = priceInvoice({ price_amount: '-5', price_currency: 'EUR', pay_currency: 'BTC' });
    expect(!amount.ok && amount.issues).toEqual([
      { field: 'price_amount', message: 'must be a decimal number such as 100 or 12.50' },
    ]);
  });

  it.each([
    [Infinity, 'must be a finite decimal number'],
    [1e21, 'must be a finite decimal number'],
    [1e-7, 'must be a finite decimal number'],
    ['0', 'must be greater than 0'],
    ['0.00', 'must be greater than 0'],
    ['1.001', 'at most 2 decimal places'],
    ['9999999999999999', 'at most 15 digits'],
  ])('rejects the price %s', (price_amount, message) => {
    const r = priceInvoice({ price_amount, price_currency: 'EUR', pay_currency: 'BTC' });
    expect(!r.ok && r.issues[0]?.message).toContain(message);
  });

  it('rejects unsupported pairs and unknown networks', () => {
    const pair = priceInvoice({ price_amount: '1', price_currency: 'BTC', pay_currency: 'ETH' });
    expect(!pair.ok && pair.issues).toEqual([
      { field: 'pay_currency', message: 'the pair ETH/BTC is not supported' },
    ]);
    const net = priceInvoice({
      price_amount: '1',
      price_currency: 'EUR',
      pay_currency: 'BTC',
      network: 'tron',
    });
    expect(!net.ok && net.issues).toEqual([{ field: 'network', message: 'BTC is paid on bitcoin' }]);
  });

  it('prices the largest allowed amount exactly', () => {
    const r = priceInvoice({
      price_amount: '999999999999999.99',
      price_currency: 'EUR',
      pay_currency: 'TRX',
    });
    expect(r.ok && r.pricing.pay_amount).toBe('8375209380234505.778895'); // 999999999999999.99 / 0.1194 = …505.7788944, rounded up
  });
});

describe('settlement and currency accounts', () => {
  const invoice = { price_amount: '100.00', fee: '1.00', price_currency: 'EUR' };
  it('credits the net price on completion and takes it back on refund', () => {
    expect(settlementUnits('new', 'completed', invoice)).toBe(9900n);
    expect(settlementUnits('unresolved', 'completed', invoice)).toBe(9900n);
    expect(settlementUnits('completed', 'refunded', invoice)).toBe(-9900n);
    expect(settlementUnits('unresolved', 'refunded', invoice)).toBeNull();
    expect(settlementUnits('new', 'cancelled', invoice)).toBeNull();
  });

  it('derives stable, distinct, version-4-shaped account ids', () => {
    const a = currencyAccountId('acc-1', 'BTC');
    expect(a).toBe(currencyAccountId('acc-1', 'BTC'));
    expect(a).not.toBe(currencyAccountId('acc-2', 'BTC'));
    expect(a).not.toBe(currencyAccountId('acc-1', 'ETH'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const merchant of ['acc-1', 'acc-2', 'acc-3'])
      for (const currency of ['EUR', 'BTC', 'XLM', 'BCH'])
        expect(currencyAccountId(merchant, currency)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
  });
});
