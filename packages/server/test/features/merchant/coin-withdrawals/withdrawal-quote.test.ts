import { describe, expect, it } from 'vitest';
import { createCoinWithdrawalBody } from '../../../../src/features/merchant/coin-withdrawals/coin-withdrawal.schemas.js';
import {
  insufficientFunds,
  isHighRiskAddress,
  quoteWithdrawal,
  type Quote,
} from '../../../../src/features/merchant/coin-withdrawals/withdrawal-quote.js';
import { validateBeneficiary } from '../../../../src/features/merchant/coin-withdrawals/beneficiary.js';
import { minimumPayoutUnits } from '../../../../src/features/merchant/coin-withdrawals/payout-minimum.js';

const BTC_ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';

const quote = (body: Record<string, unknown>) =>
  quoteWithdrawal(
    createCoinWithdrawalBody.parse({
      address: BTC_ADDRESS,
      charged_currency: 'EUR',
      received_currency: 'BTC',
      ...body,
    }),
  );

function ok(body: Record<string, unknown>): Quote {
  const q = quote(body);
  if (!q.ok) throw new Error(JSON.stringify(q.issues));
  return q.quote;
}

function issues(body: Record<string, unknown>) {
  const q = quote(body);
  if (q.ok) throw new Error('expected issues');
  return q.issues;
}

describe('quoteWithdrawal', () => {
  it('prices EUR → BTC on the default network at the average fee, at the sandbox sell rate', () => {
    const q = ok({ received_amount: '0.001' });
    expect(q).toMatchObject({
      param: 'received_amount',
      network: 'bitcoin',
      networkFeeLevel: 'average',
      rate: '60300.0',
      highRisk: false,
      beneficiary: null,
    });
    expect(q.amounts).toEqual({ received: 100_000n, networkFee: 5_000n, fee: 63n, charged: 6395n });
  });

  it('takes bare JSON numbers and the strings SDKs send; nulls for the unused amounts', () => {
    const q = ok({ charged_amount: 100, charged_amount_to_send: null, received_amount: null });
    expect(q.amounts.charged).toBe(10_000n);
    expect(ok({ charged_amount_to_send: '50' }).amounts.received).toBe(82_918n);
  });

  it('uses the level asked for', () => {
    expect(ok({ received_amount: '0.001', network_fee_level: 'fast' }).amounts.networkFee).toBe(10_000n);
    expect(ok({ received_amount: '0.001', network_fee_level: 'slow' }).amounts.networkFee).toBe(2_000n);
  });

  it('no exchange when the account is in the coin sent', () => {
    const q = ok({ charged_currency: 'BTC', received_amount: '0.001' });
    expect(q.rate).toBeNull();
    expect(q.amounts.charged).toBe(106_050n);
  });

  it('names a non-default network, and refuses one the coin does not have', () => {
    expect(
      ok({ received_currency: 'USDT', network: 'Tron', address: 'T' + 'A'.repeat(33), received_amount: '10' })
        .network,
    ).toBe('tron');
    expect(issues({ received_amount: '0.001', network: 'tron' })).toEqual([
      {
        field: 'network',
        message: 'must be one of: bitcoin',
        code: 'must_be_included_in',
        args: { list: ['bitcoin'] },
      },
    ]);
  });

  it('refuses unknown currencies with the lists of what is allowed', () => {
    const [detail] = issues({ received_currency: 'EUR', received_amount: '1' });
    expect(detail).toMatchObject({ field: 'received_currency', code: 'must_be_included_in' });
    expect((detail?.args as { list: string[] }).list).toContain('BTC');
    expect((detail?.args as { list: string[] }).list).not.toContain('EUR');
    const [charged] = issues({ charged_currency: 'XYZ', received_amount: '0.001' });
    expect(charged).toMatchObject({ field: 'charged_currency', code: 'must_be_included_in' });
    expect((charged?.args as { list: string[] }).list).toEqual(
      expect.arrayContaining(['EUR', 'USD', 'GBP', 'BTC']),
    );
  });

  it('refuses a malformed address with invalid_coin_address {currency}', () => {
    expect(issues({ address: 'nope', received_amount: '0.001' })).toEqual([
      {
        field: 'address',
        message: 'must be a valid BTC address',
        code: 'invalid_coin_address',
        args: { currency: 'BTC' },
      },
    ]);
  });

  it('wants exactly one amount', () => {
    expect(issues({})).toEqual([
      expect.objectContaining({ field: 'charged_amount', code: 'must_be_filled' }),
    ]);
    expect(issues({ charged_amount: '10', received_amount: '0.001' })).toEqual([
      expect.objectContaining({ field: 'received_amount', code: 'invalid' }),
    ]);
    expect(
      issues({ charged_amount: '10', charged_amount_to_send: '10', received_amount: '0.001' }).map(
        (i) => i.field,
      ),
    ).toEqual(['charged_amount_to_send', 'received_amount']);
  });

  it('checks precision against the currency of the amount used', () => {
    expect(issues({ charged_amount: '10.001' })).toEqual([
      {
        field: 'charged_amount',
        message: 'must have at most 2 decimal places',
        code: 'invalid_precision',
        args: { precision: 2 },
      },
    ]);
    expect(issues({ received_amount: '0.000000001' })[0]).toMatchObject({
      code: 'invalid_precision',
      args: { precision: 8 },
    });
    expect(ok({ received_amount: '0.00100000' }).amounts.received).toBe(100_000n);
  });

  it('refuses junk, exponents and infinities', () => {
    for (const bad of ['abc', '1e3', '', 1e21, 1e-7])
      expect(issues({ charged_amount: bad })[0]).toMatchObject({ field: 'charged_amount', code: 'invalid' });
  });

  it('refuses payouts under 5 EUR worth on the amount used, args {value}', () => {
    expect(issues({ charged_amount_to_send: '4.99' })).toEqual([
      {
        field: 'charged_amount_to_send',
        message: 'must be greater than or equal to 5.0',
        code: 'must_be_greater_than_or_equal',
        args: { value: '5.0' },
      },
    ]);
    expect(ok({ charged_amount_to_send: '5' }).amounts.received).toBeGreaterThan(0n);
    expect(issues({ received_amount: '0.00008333' })[0]).toMatchObject({
      field: 'received_amount',
      args: { value: '0.00008334' },
    });
    expect(issues({ charged_amount: '0' })[0]).toMatchObject({ code: 'must_be_greater_than_or_equal' });
    expect(issues({ charged_amount: '-10' })[0]).toMatchObject({ code: 'must_be_greater_than_or_equal' });
    expect(issues({ charged_currency: 'USD', charged_amount: '5.44' })[0]).toMatchObject({
      args: { value: '5.45' },
    });
  });

  it('refuses a charged_amount that does not cover the fees, naming the least that does', () => {
    // 5 EUR minus 1 % cannot pay 0.0001 BTC (6.03 EUR) of fast network fee.
    expect(issues({ charged_amount: '5', network_fee_level: 'fast' })).toEqual([
      {
        field: 'charged_amount',
        message: 'must be greater than or equal to 6.11',
        code: 'must_be_greater_than_or_equal',
        args: { value: '6.11' },
      },
    ]);
    expect(ok({ charged_amount: '6.11', network_fee_level: 'fast' }).amounts.received).toBeGreaterThan(0n);
  });

  it('marks the documented high-risk marker, in any case, before the tag', () => {
    expect(isHighRiskAddress('0x00000000deaddead00000000000000000000000a')).toBe(true);
    expect(isHighRiskAddress('rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY?dt=DEADDEAD')).toBe(false);
    expect(isHighRiskAddress('tb1qDEADDEADxyz')).toBe(true);
    expect(
      ok({ address: `tb1q${'deaddead'}w508d6qejxtdg4y5r3zarvary0c5xw`, received_amount: '0.001' }).highRisk,
    ).toBe(true);
  });

  it('reports every problem at once', () => {
    expect(
      issues({ address: 'x', charged_currency: 'XYZ', charged_amount: '1' }).map((i) => i.field),
    ).toEqual(['charged_currency', 'address']);
  });

  it('insufficient funds names both maxima in their currencies', () => {
    const q = ok({ charged_amount: '100' });
    expect(insufficientFunds(q, 5_000n)).toEqual([
      {
        field: 'charged_amount',
        message: 'must be less than or equal to 50.0',
        code: 'must_be_less_than_or_equal',
        args: { value: '50.0' },
      },
      {
        field: 'received_amount',
        message: 'must be less than or equal to 0.00077089',
        code: 'must_be_less_than_or_equal',
        args: { value: '0.00077089' },
      },
    ]);
    expect(insufficientFunds(q, 0n).map((i) => i.args)).toEqual([{ value: '0.0' }, { value: '0.0' }]);
  });
});

describe('travel rule', () => {
  const person = {
    type: 'natural_person',
    name: 'Ada Lovelace-King',
    address: { country: 'gb', city: 'London' },
  };

  it('is checked only when travel_rule_compliant is true', () => {
    expect(ok({ received_amount: '0.001', beneficiary: { junk: true } }).beneficiary).toBeNull();
    expect(
      ok({ received_amount: '0.001', travel_rule_compliant: true, beneficiary: person }).beneficiary,
    ).toEqual({
      type: 'natural_person',
      name: 'Ada Lovelace-King',
      address: { country: 'GB', city: 'London' },
    });
    expect(issues({ received_amount: '0.001', travel_rule_compliant: 'true' })).toEqual([
      { field: 'beneficiary', message: 'must be filled', code: 'must_be_filled', args: {} },
    ]);
  });

  it('applies every rule of the Beneficiary model', () => {
    const v = (b: unknown) => {
      const r = validateBeneficiary(b);
      return r.ok ? [] : r.issues.map((i) => [i.field, i.code]);
    };
    expect(v(person)).toEqual([]);
    expect(v({ ...person, type: 'company' })).toEqual([['beneficiary.type', 'must_be_included_in']]);
    expect(v({ ...person, type: undefined })).toEqual([['beneficiary.type', 'must_be_filled']]);
    expect(v({ ...person, name: '' })).toEqual([['beneficiary.name', 'must_be_filled']]);
    expect(v({ ...person, name: 'x'.repeat(101) })).toEqual([['beneficiary.name', 'too_long']]);
    expect(v({ ...person, name: 'x'.repeat(100) })).toEqual([]);
    expect(v({ ...person, name: 'Ada & Co.' })).toEqual([['beneficiary.name', 'invalid_format']]);
    expect(v({ ...person, name: 'Zoë Ørsted 2' })).toEqual([]);
    expect(v({ ...person, name: 7 })).toEqual([['beneficiary.name', 'invalid_type']]);
    expect(v({ ...person, address: undefined })).toEqual([['beneficiary.address', 'must_be_filled']]);
    expect(v({ ...person, address: 'GB' })).toEqual([['beneficiary.address', 'invalid_type']]);
    expect(v({ ...person, address: { city: 'London' } })).toEqual([
      ['beneficiary.address.country', 'must_be_filled'],
    ]);
    expect(v({ ...person, address: { country: 'GBR' } })).toEqual([
      ['beneficiary.address.country', 'too_long'],
    ]);
    expect(v({ ...person, address: { country: '1X' } })).toEqual([
      ['beneficiary.address.country', 'invalid_format'],
    ]);
    expect(
      v({
        ...person,
        address: {
          country: 'DE',
          city: 'c'.repeat(36),
          line_1: 'l'.repeat(71),
          line_2: 'l'.repeat(71),
          post_code: 'p'.repeat(17),
        },
      }),
    ).toEqual([
      ['beneficiary.address.city', 'too_long'],
      ['beneficiary.address.line_1', 'too_long'],
      ['beneficiary.address.line_2', 'too_long'],
      ['beneficiary.address.post_code', 'too_long'],
    ]);
    expect(
      v({
        type: 'legal_person',
        name: 'Acme Ltd',
        address: {
          country: 'DE',
          city: 'c'.repeat(35),
          line_1: 'l'.repeat(70),
          line_2: 'l'.repeat(70),
          post_code: 'p'.repeat(16),
        },
      }),
    ).toEqual([]);
    expect(v(null)).toEqual([['beneficiary', 'must_be_filled']]);
    expect(v([person])).toEqual([['beneficiary', 'invalid_type']]);
  });
});

describe('minimum payout', () => {
  it('is 5 EUR, and its worth in other currencies rounded up', () => {
    expect(minimumPayoutUnits('EUR')).toBe(500n);
    expect(minimumPayoutUnits('USD')).toBe(545n);
    expect(minimumPayoutUnits('GBP')).toBe(425n);
    expect(minimumPayoutUnits('BTC')).toBe(8_334n);
    expect(minimumPayoutUnits('USDT')).toBe(5_434_783n);
    expect(minimumPayoutUnits('NOPE')).toBeNull();
  });
});
