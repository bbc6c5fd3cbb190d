import type { FieldIssue } from '../../../platform/http/errors.js';
import { ACCOUNT_CURRENCIES, findCurrency } from '../currencies.js';
import { parseAmountParam } from '../money/amount-param.js';
import { formatUnits, trimZeros } from '../money/decimal.js';
import type { CreateExchangeTransferInput } from './exchange-transfer.schemas.js';
import {
  AMOUNT_PARAMS,
  computeTransfer,
  conversionOf,
  exchangePair,
  leastCharged,
  maxReceivable,
  type AmountParam,
  type Conversion,
  type ExchangePair,
  type TransferAmounts,
} from './exchange-math.js';

/**
 * ExchangeTransferParams → a priced transfer, or the validation details Cryptopay would answer
 * (every failed field at once). Pure: currencies and rates are the sandbox's fixed tables.
 *
 *   charged_currency   a currency the merchant holds                 must_be_included_in {list}
 *   received_currency  one the rate table converts the charged into  must_be_included_in {list}
 *                      (never the charged currency itself)
 *   one amount         neither given → must_be_filled on charged_amount; both → invalid on
 *                      received_amount [I]
 *   the amount         a decimal at its currency's precision          invalid_precision {precision} [I]
 *                      positive and converting to at least one unit   must_be_greater_than_or_equal {value}
 *
 * Crypto-to-crypto pairs are not in the sandbox's rate table, so they are refused the same way [I].
 */

export interface Quote {
  param: AmountParam;
  chargedCurrency: string;
  chargedPrecision: number;
  receivedCurrency: string;
  receivedPrecision: number;
  pair: ExchangePair;
  conversion: Conversion;
  amounts: TransferAmounts;
}

export type QuoteResult = { ok: true; quote: Quote } | { ok: false; issues: FieldIssue[] };

/** Wire form of amounts in messages and args: "5.0", "0.00008334". */
export const display = (units: bigint, precision: number): string => trimZeros(formatUnits(units, precision));

const included = (field: string, list: readonly string[]): FieldIssue => ({
  field,
  message: `must be one of: ${list.join(', ')}`,
  code: 'must_be_included_in',
  args: { list: [...list] },
});

const atLeast = (field: AmountParam, value: string): FieldIssue => ({
  field,
  message: `must be greater than or equal to ${value}`,
  code: 'must_be_greater_than_or_equal',
  args: { value },
});

/** What `charged` can be exchanged into: every account currency the rate table pairs it with. */
export const exchangeableFrom = (charged: string): string[] =>
  ACCOUNT_CURRENCIES.filter((c) => exchangePair(charged, c) !== undefined);

export function quoteTransfer(input: CreateExchangeTransferInput): QuoteResult {
  const issues: FieldIssue[] = [];

  const charged = findCurrency(input.charged_currency);
  if (!charged) issues.push(included('charged_currency', ACCOUNT_CURRENCIES));
  const into = charged ? exchangeableFrom(charged.currency) : ACCOUNT_CURRENCIES;
  const received = into.includes(input.received_currency) ? findCurrency(input.received_currency) : undefined;
  if (!received) issues.push(included('received_currency', into));
  const pair = charged && received ? exchangePair(charged.currency, received.currency) : undefined;

  // Exactly one amount.
  const given = AMOUNT_PARAMS.filter((p) => input[p] !== undefined);
  if (given.length === 0)
    issues.push({
      field: 'charged_amount',
      message: `exactly one of ${AMOUNT_PARAMS.join(', ')} must be given`,
      code: 'must_be_filled',
      args: { one_of: [...AMOUNT_PARAMS] },
    });
  if (given.length > 1)
    issues.push({
      field: 'received_amount',
      message: `must be null or absent: give exactly one of ${AMOUNT_PARAMS.join(', ')} (charged_amount is given)`,
      code: 'invalid',
      args: { one_of: [...AMOUNT_PARAMS] },
    });

  const param = given.length === 1 ? given[0] : undefined;
  const paramCurrency = param === 'charged_amount' ? charged : received;
  let units: bigint | null = null;
  if (param !== undefined && paramCurrency) {
    // Any positive amount is a quote; what it is too small to buy is answered after conversion.
    const amount = parseAmountParam(param, input[param]!, paramCurrency.precision, 1n);
    if (amount.ok) units = amount.units;
    else issues.push(amount.issue);
  }

  if (issues.length > 0 || !charged || !received || !pair || param === undefined || units === null)
    return { ok: false, issues };

  const conversion = conversionOf(pair, charged.precision, received.precision);
  const amounts = computeTransfer(param, units, conversion);
  if (amounts.received <= 0n)
    return {
      ok: false,
      issues: [atLeast('charged_amount', display(leastCharged(conversion), charged.precision))],
    };
  return {
    ok: true,
    quote: {
      param,
      chargedCurrency: charged.currency,
      chargedPrecision: charged.precision,
      receivedCurrency: received.currency,
      receivedPrecision: received.precision,
      pair,
      conversion,
      amounts,
    },
  };
}

/**
 * Cryptopay's answer to a transfer beyond the balance (§1.7): both amounts' maxima together, each
 * in its currency — the balance, and what that balance would convert to after the fee.
 */
export function insufficientFunds(
  q: Pick<Quote, 'chargedPrecision' | 'receivedPrecision' | 'conversion'>,
  balance: bigint,
): FieldIssue[] {
  const maxCharged = display(balance > 0n ? balance : 0n, q.chargedPrecision);
  const maxReceived = display(maxReceivable(balance, q.conversion), q.receivedPrecision);
  return [
    {
      field: 'charged_amount',
      message: `must be less than or equal to ${maxCharged}`,
      code: 'must_be_less_than_or_equal',
      args: { value: maxCharged },
    },
    {
      field: 'received_amount',
      message: `must be less than or equal to ${maxReceived}`,
      code: 'must_be_less_than_or_equal',
      args: { value: maxReceived },
    },
  ];
}
