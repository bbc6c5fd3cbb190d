import { describe, expect, it } from 'vitest';
import { amountText, parseAmountParam } from '../../../../src/features/merchant/money/amount-param.js';

describe('amountText', () => {
  it('takes strings as given and JSON numbers only in plain notation', () => {
    expect(amountText('12.50')).toBe('12.50');
    expect(amountText(12.5)).toBe('12.5');
    expect(amountText(1e21)).toBeNull();
    expect(amountText(1e-7)).toBeNull();
    expect(amountText(Infinity)).toBeNull();
    expect(amountText(NaN)).toBeNull();
  });
});

describe('parseAmountParam', () => {
  const atLeast = (field: string, value: string) => ({
    ok: false,
    issue: {
      field,
      message: `must be greater than or equal to ${value}`,
      code: 'must_be_greater_than_or_equal',
      args: { value },
    },
  });

  it('reads the amount as units at the precision', () => {
    expect(parseAmountParam('charged_amount', '12.5', 2, 1n)).toEqual({ ok: true, units: 1250n });
    expect(parseAmountParam('charged_amount', 0.001, 8, 1n)).toEqual({ ok: true, units: 100000n });
  });

  it('answers too small with the bound in wire form, negatives included', () => {
    expect(parseAmountParam('received_amount', '0.00001', 8, 5000n)).toEqual(
      atLeast('received_amount', '0.00005'),
    );
    expect(parseAmountParam('charged_amount', '0', 2, 1n)).toEqual(atLeast('charged_amount', '0.01'));
    expect(parseAmountParam('charged_amount', '-5', 2, 1n)).toEqual(atLeast('charged_amount', '0.01'));
    expect(parseAmountParam('charged_amount', -5.25, 2, 500n)).toEqual(atLeast('charged_amount', '5.0'));
  });

  it('refuses a number it cannot read exactly', () => {
    expect(parseAmountParam('charged_amount', 1e21, 2, 1n)).toEqual({
      ok: false,
      issue: {
        field: 'charged_amount',
        message: 'must be a finite decimal number, e.g. "100.50"',
        code: 'invalid',
        args: {},
      },
    });
  });

  it('tells too many decimals apart from malformed text', () => {
    expect(parseAmountParam('charged_amount', '1.234', 2, 1n)).toEqual({
      ok: false,
      issue: {
        field: 'charged_amount',
        message: 'must have at most 2 decimal places',
        code: 'invalid_precision',
        args: { precision: 2 },
      },
    });
    expect(parseAmountParam('charged_amount', '1,5', 2, 1n)).toEqual({
      ok: false,
      issue: {
        field: 'charged_amount',
        message: 'must be a decimal number such as 100 or 12.50',
        code: 'invalid',
        args: {},
      },
    });
  });
});
