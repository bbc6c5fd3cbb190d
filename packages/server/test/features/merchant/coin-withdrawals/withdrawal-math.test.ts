import { describe, expect, it } from 'vitest';
import {
  computeAmounts,
  leastAmount,
  maxReceivable,
  parseRate,
  processingFee,
  toCharged,
  toReceived,
  type Conversion,
} from '../../../../src/features/merchant/coin-withdrawals/withdrawal-math.js';

// EUR (2 decimals) charged, BTC (8 decimals) received, at the sandbox's BTC/EUR sell rate.
const EUR_BTC: Conversion = { chargedPrecision: 2, receivedPrecision: 8, rate: parseRate('60300.0') };
const SAME_BTC: Conversion = { chargedPrecision: 8, receivedPrecision: 8, rate: null };
const NETWORK_FEE = 5_000n; // 0.00005 BTC

describe('conversions', () => {
  it('parses rates at their own scale and refuses zero or junk', () => {
    expect(parseRate('60300.0')).toEqual({ units: 603000n, scale: 1 });
    expect(parseRate('0.9246')).toEqual({ units: 9246n, scale: 4 });
    expect(() => parseRate('0')).toThrow();
    expect(() => parseRate('abc')).toThrow();
  });

  it('rounds into the charged currency up and into the coin down', () => {
    // 0.00105 BTC × 60300 = 63.315 EUR → 63.32
    expect(toCharged(105_000n, EUR_BTC)).toBe(6332n);
    // exact values stay exact: 0.001 BTC = 60.30 EUR
    expect(toCharged(100_000n, EUR_BTC)).toBe(6030n);
    // 50 EUR / 60300 = 0.000829187… BTC → 0.00082918
    expect(toReceived(5000n, EUR_BTC)).toBe(82_918n);
    expect(toReceived(6030n, EUR_BTC)).toBe(100_000n);
    // a round trip never creates money: back and forth loses at most the rounding
    for (const units of [1n, 99n, 12_345n, 10_000_000n])
      expect(toCharged(toReceived(units, EUR_BTC), EUR_BTC)).toBeLessThanOrEqual(units);
  });

  it('is the identity for the same currency', () => {
    expect(toCharged(123n, SAME_BTC)).toBe(123n);
    expect(toReceived(123n, SAME_BTC)).toBe(123n);
  });

  it('takes a 1 % processing fee, rounded half up', () => {
    expect(processingFee(6332n)).toBe(63n);
    expect(processingFee(150n)).toBe(2n);
    expect(processingFee(149n)).toBe(1n);
    expect(processingFee(0n)).toBe(0n);
  });
});

describe('computeAmounts', () => {
  it('received_amount: the recipient gets exactly it; network fee and fee on top', () => {
    const a = computeAmounts('received_amount', 100_000n, NETWORK_FEE, EUR_BTC);
    // sent value = (0.001 + 0.00005) BTC → 63.32 EUR; fee 0.63; charged 63.95
    expect(a).toEqual({ received: 100_000n, networkFee: NETWORK_FEE, fee: 63n, charged: 6395n });
  });

  it('charged_amount_to_send: that much is converted and sent; fees on top', () => {
    const a = computeAmounts('charged_amount_to_send', 5000n, NETWORK_FEE, EUR_BTC);
    // 50 EUR → 0.00082918 BTC; network fee 0.00005 BTC = 3.015 → 3.02 EUR; fee 1 % of 53.02
    expect(a).toEqual({ received: 82_918n, networkFee: NETWORK_FEE, fee: 53n, charged: 5355n });
  });

  it('charged_amount: exactly that is debited; both fees come out of it', () => {
    const a = computeAmounts('charged_amount', 10_000n, NETWORK_FEE, EUR_BTC);
    // sent value 99.00 + fee 1.00 = 100.00; 99.00 EUR → 0.00164179 BTC, less the network fee
    expect(a).toEqual({ charged: 10_000n, fee: 100n, networkFee: NETWORK_FEE, received: 159_179n });
  });

  it('charged_amount never debits more than asked and its fee covers 1 % of what is sent', () => {
    for (const units of [500n, 501n, 999n, 10_001n, 123_456_789n]) {
      const a = computeAmounts('charged_amount', units, NETWORK_FEE, EUR_BTC);
      expect(a.charged).toBe(units);
      const sent = units - a.fee;
      expect(a.fee).toBeGreaterThanOrEqual(processingFee(sent));
      expect(a.fee - processingFee(sent)).toBeLessThanOrEqual(1n);
    }
  });

  it('charged_amount can fall short of the fees (received ≤ 0), which the quote refuses', () => {
    expect(computeAmounts('charged_amount', 300n, NETWORK_FEE, EUR_BTC).received).toBeLessThan(0n);
  });

  it('the same currency: fee in the coin, no conversion', () => {
    expect(computeAmounts('received_amount', 100_000n, NETWORK_FEE, SAME_BTC)).toEqual({
      received: 100_000n,
      networkFee: NETWORK_FEE,
      fee: 1_050n,
      charged: 106_050n,
    });
    expect(computeAmounts('charged_amount_to_send', 100_000n, NETWORK_FEE, SAME_BTC)).toEqual({
      received: 100_000n,
      networkFee: NETWORK_FEE,
      fee: 1_050n,
      charged: 106_050n,
    });
    const all = computeAmounts('charged_amount', 106_050n, NETWORK_FEE, SAME_BTC);
    expect(all.charged).toBe(106_050n);
    expect(all.received + all.networkFee + all.fee).toBe(106_050n);
  });

  it('maxReceivable is what the whole balance would send, or 0', () => {
    expect(maxReceivable(10_000n, NETWORK_FEE, EUR_BTC)).toBe(159_179n);
    expect(maxReceivable(100n, NETWORK_FEE, EUR_BTC)).toBe(0n);
    expect(maxReceivable(0n, NETWORK_FEE, EUR_BTC)).toBe(0n);
  });

  it('leastAmount is the first amount of each parameter that sends one unit', () => {
    for (const param of ['charged_amount', 'charged_amount_to_send', 'received_amount'] as const) {
      const least = leastAmount(param, NETWORK_FEE, EUR_BTC);
      expect(computeAmounts(param, least, NETWORK_FEE, EUR_BTC).received, param).toBeGreaterThanOrEqual(1n);
      if (least > 1n)
        expect(computeAmounts(param, least - 1n, NETWORK_FEE, EUR_BTC).received, param).toBeLessThan(1n);
    }
    expect(leastAmount('charged_amount', NETWORK_FEE, EUR_BTC)).toBe(306n);
  });
});
